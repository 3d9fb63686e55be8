/// The counts of the probe-faults row: probes that got no reply at all, by ``ProbeFault``.
///
/// Kept apart from every subset: a refused connection has no status and no trace, so it
/// belongs to no subset and must not dilute their shares.
public struct ProbeFaultTally: Sendable, Equatable {
    /// Probes that ended in a fault.
    public private(set) var count = 0
    /// Probes per fault class; the values sum to ``count``.
    public private(set) var byFault: [ProbeFault: Int] = [:]
    /// How long each probe ran before it failed (a timeout shows as the deadline).
    public private(set) var latency = LatencyHistogram()
    /// When the first fault was recorded, in the caller's seconds.
    public private(set) var firstSeen: Double?
    /// When the latest fault was recorded, in the caller's seconds.
    public private(set) var lastSeen: Double?

    /// An empty row.
    public init() {}

    /// Counts one probe that failed with `fault` after `latency` seconds, at time `t`.
    public mutating func record(_ fault: ProbeFault, latency seconds: Double, at t: Double) {
        count += 1
        byFault[fault, default: 0] += 1
        latency.record(seconds)
        firstSeen = earlier(firstSeen, t)
        lastSeen = later(lastSeen, t)
    }

    /// Adds every count of `other` to this row.
    public mutating func merge(_ other: ProbeFaultTally) {
        guard other.count > 0 else { return }
        count += other.count
        byFault.merge(other.byFault, uniquingKeysWith: +)
        latency.merge(other.latency)
        firstSeen = earlier(firstSeen, other.firstSeen)
        lastSeen = later(lastSeen, other.lastSeen)
    }

    /// Allocates the latency histogram's storage now, counting nothing.
    mutating func reserveStorage() {
        latency.reserveStorage()
    }

    /// Empties the row, keeping its storage for reuse.
    public mutating func reset() {
        count = 0
        byFault.removeAll(keepingCapacity: true)
        latency.reset()
        firstSeen = nil
        lastSeen = nil
    }
}
