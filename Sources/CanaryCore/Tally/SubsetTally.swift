/// The counts of one row of the table: requests, error classes, latency, recent errors.
///
/// One per subset (and one for replies no subset claimed). Recording is O(1) and memory does
/// not grow with the number of requests: the class keys, the recent errors and the latency
/// histogram are all bounded.
public struct SubsetTally: Sendable, Equatable {
    /// Replies counted, each once.
    public private(set) var requests = 0
    /// Replies that fell into at least one ``ReplyClass`` (a reply in two classes counts once).
    public private(set) var failed = 0
    /// Replies with a status from 300 to 399 (a redirect the probe does not follow).
    public private(set) var http3xx = 0
    /// Replies per class; one reply may count in several classes.
    public private(set) var classes: [ReplyClass: Int] = [:]
    /// The latency the client measured for every reply.
    public private(set) var latency = LatencyHistogram()
    /// When the first reply was recorded, in the caller's seconds.
    public private(set) var firstSeen: Double?
    /// When the latest reply was recorded, in the caller's seconds.
    public private(set) var lastSeen: Double?
    /// The last few distinct error texts of failing hops.
    public private(set) var recentErrors = RecentErrors()

    /// An empty row.
    public init() {}

    /// Replies with a status of 500 or more.
    public var http5xx: Int { classes[.http5xx, default: 0] }
    /// Replies with a status from 400 to 499.
    public var http4xx: Int { classes[.http4xx, default: 0] }

    /// Counts one reply, recorded at time `t` (seconds).
    public mutating func record(_ observation: Observation, at t: Double) {
        record(observation, classes: ReplyClass.classes(of: observation), at: t)
    }

    /// Counts one reply whose classes the caller already derived, to derive them once for many rows.
    mutating func record(_ observation: Observation, classes found: [ReplyClass], at t: Double) {
        requests += 1
        if (300..<400).contains(observation.status) { http3xx += 1 }
        if !found.isEmpty { failed += 1 }
        for replyClass in found { classes[replyClass, default: 0] += 1 }
        latency.record(observation.latency)
        firstSeen = earlier(firstSeen, t)
        lastSeen = later(lastSeen, t)
        if let text = observation.failingHop?.error { recentErrors.record(text, at: t) }
    }

    /// Adds every count of `other` to this row.
    public mutating func merge(_ other: SubsetTally) {
        guard other.requests > 0 else { return }
        requests += other.requests
        failed += other.failed
        http3xx += other.http3xx
        classes.merge(other.classes, uniquingKeysWith: +)
        latency.merge(other.latency)
        firstSeen = earlier(firstSeen, other.firstSeen)
        lastSeen = later(lastSeen, other.lastSeen)
        recentErrors.merge(other.recentErrors)
    }

    /// Allocates the latency histogram's storage now, counting nothing.
    mutating func reserveStorage() {
        latency.reserveStorage()
    }

    /// Empties the row, keeping its storage for reuse.
    public mutating func reset() {
        requests = 0
        failed = 0
        http3xx = 0
        classes.removeAll(keepingCapacity: true)
        latency.reset()
        firstSeen = nil
        lastSeen = nil
        recentErrors.reset()
    }
}

/// The earlier of two optional times; `nil` only when both are.
func earlier(_ a: Double?, _ b: Double?) -> Double? {
    guard let a else { return b }
    guard let b else { return a }
    return Swift.min(a, b)
}

/// The later of two optional times; `nil` only when both are.
func later(_ a: Double?, _ b: Double?) -> Double? {
    guard let a else { return b }
    guard let b else { return a }
    return Swift.max(a, b)
}
