/// When each probe request is meant to go out: the open-loop schedule, the in-flight cap, and
/// the sends that were late or had to be skipped. Pure: every call passes the time in.
///
/// Open loop (`.open(rate:)`): request `k` is *intended* for `first + k / rate` seconds,
/// whatever the server does, and its latency is measured from that intended time. A server
/// that stalls for a second therefore shows the stall in the latency of every request
/// scheduled during it, instead of hiding it by delaying the sends (coordinated omission).
///
/// When `concurrency` requests are already in flight, a due send waits in a FIFO backlog of at
/// most `maxBacklog` sends and goes out, *late*, as soon as a request completes; it keeps its
/// intended time, so the wait is counted in its latency. A due send that finds the backlog full
/// is *skipped*: it is never sent and only counted.
///
/// Closed loop (`.closed`): a new request goes out as soon as one completes, `concurrency` at
/// a time, each intended for the moment it is sent (full speed, for load and benchmarks).
///
/// With an `end`, nothing is sent once the plan has been told a time at or past it (by
/// ``due(at:)`` or ``completed(at:)``): from then on it is exhausted, and sends still waiting in
/// the backlog are dropped as skipped, so a run ends within its duration plus the requests in
/// flight. ``nextWakeup`` asks to be woken at the end while that would change anything, even
/// when every request is stalled and no completion will come.
///
/// ```swift
/// var plan = ProbePlan(pace: .open(rate: 10), concurrency: 1, maxBacklog: 1)
/// plan.due(at: 0)        // [Send(intended: 0, late: false)]
/// plan.due(at: 0.25)     // [] — 0.1 and 0.2 are due, but one request is in flight:
///                        //      0.1 waits in the backlog, 0.2 is skipped
/// plan.completed(at: 0.26)   // [Send(intended: 0.1, late: true)]
/// ```
public struct ProbePlan: Sendable {
    /// How sends are paced.
    public enum Pace: Sendable, Equatable {
        /// `rate` requests per second on a fixed schedule.
        case open(rate: Double)
        /// As fast as replies come back.
        case closed
    }

    /// One request to send now.
    public struct Send: Sendable, Equatable {
        /// When the request was meant to go out; its latency is measured from here.
        public var intended: Double
        /// Whether it waited in the backlog because the in-flight cap was reached.
        public var late: Bool

        public init(intended: Double, late: Bool) {
            self.intended = intended
            self.late = late
        }
    }

    public let pace: Pace
    /// Requests in flight at most.
    public let concurrency: Int
    /// Due sends that may wait for a free slot; more are skipped.
    public let maxBacklog: Int
    /// Requests to send in all; `nil` for no limit.
    public let maxRequests: Int?
    /// No request is intended at or after this time; `nil` for no end.
    public let end: Double?
    /// The intended time of the first request.
    public let first: Double
    /// Seconds between intended times (open loop).
    let interval: Double

    /// The index of the next intended time not yet handed out (open loop).
    private var nextIndex = 0
    /// Intended times of due sends waiting for a slot, oldest first.
    private var backlog: [Double] = []
    private var backlogHead = 0
    private var stopped = false
    /// Whether a time at or past `end` has been seen.
    private var ended = false

    /// Requests sent so far.
    public private(set) var sent = 0
    /// Requests sent and not yet completed.
    public private(set) var inFlight = 0
    /// Sends that went out late, from the backlog.
    public private(set) var late = 0
    /// Due sends that were never sent: the backlog was full, or the plan was stopped (or its end
    /// passed) with them waiting.
    public private(set) var skipped = 0

    /// A plan starting at `first` seconds.
    ///
    /// - Parameters:
    ///   - maxRequests: stop after sending this many (skipped sends do not count).
    ///   - end: intend nothing at or after this time (closed loop: send nothing after it).
    public init(
        pace: Pace, concurrency: Int, maxBacklog: Int? = nil, maxRequests: Int? = nil, end: Double? = nil,
        first: Double = 0
    ) {
        precondition(concurrency > 0, "concurrency must be at least 1")
        if case .open(let rate) = pace { precondition(rate > 0 && rate.isFinite, "rate must be positive") }
        self.pace = pace
        self.concurrency = concurrency
        self.maxBacklog = max(0, maxBacklog ?? concurrency)
        self.maxRequests = maxRequests
        self.end = end
        self.first = first
        if case .open(let rate) = pace { interval = 1 / rate } else { interval = 0 }
    }

    /// Sends waiting in the backlog.
    public var backlogCount: Int { backlog.count - backlogHead }

    /// Whether the plan will hand out no new send: stopped, or its limit or end reached.
    public var isExhausted: Bool {
        if stopped || ended { return true }
        if let maxRequests, sent + backlogCount >= maxRequests { return true }
        if case .open = pace, let end, intendedTime(of: nextIndex) >= end { return true }
        return false
    }

    /// Whether everything is over: nothing more to send and nothing in flight.
    public var isFinished: Bool { isExhausted && backlogCount == 0 && inFlight == 0 }

    /// When ``due(at:)`` should next be called: open loop, the next intended time; otherwise
    /// the end, while reaching it would still change something (sends could go out, or wait in
    /// the backlog). `nil` when only a completion can bring the next send.
    public var nextWakeup: Double? {
        if case .open = pace, !isExhausted { return intendedTime(of: nextIndex) }
        if let end, !stopped, !ended, !isExhausted || backlogCount > 0 { return end }
        return nil
    }

    /// The sends due by `now`, to go out at once. Each is counted in flight. Open loop: sends
    /// intended before the end still go out on a late wake-up past it; then the end is noted.
    public mutating func due(at now: Double) -> [Send] {
        var sends: [Send] = []
        switch pace {
        case .closed:
            noteTime(now)
            while inFlight < concurrency, !isExhausted {
                sends.append(take(intended: now, late: false))
            }
        case .open:
            while !isExhausted {
                let t = intendedTime(of: nextIndex)
                guard t <= now else { break }
                nextIndex += 1
                if inFlight < concurrency && backlogCount == 0 {
                    sends.append(take(intended: t, late: false))
                } else if backlogCount < maxBacklog {
                    backlog.append(t)
                } else {
                    skipped += 1
                }
            }
            noteTime(now)
        }
        return sends
    }

    /// Notes that one request completed at `now` (a reply or a fault) and returns what may go
    /// out in its place: the oldest backlogged send (unless the end has passed), or a new one.
    public mutating func completed(at now: Double) -> [Send] {
        precondition(inFlight > 0, "completed(at:) without a request in flight")
        inFlight -= 1
        if backlogCount > 0, !reachedEnd(now) {
            let t = backlog[backlogHead]
            backlogHead += 1
            if backlogHead == backlog.count {
                backlog.removeAll(keepingCapacity: true)
                backlogHead = 0
            }
            return [take(intended: t, late: true)]
        }
        return due(at: now)
    }

    /// Hands out nothing more; sends waiting in the backlog are dropped and counted as skipped.
    public mutating func stop() {
        stopped = true
        dropBacklog()
    }

    /// Once `now` reaches the end, hands out nothing more and drops the backlog: a send that
    /// waited for a slot past the end would go out after it.
    private mutating func noteTime(_ now: Double) {
        guard !ended, reachedEnd(now) else { return }
        ended = true
        dropBacklog()
    }

    private func reachedEnd(_ now: Double) -> Bool {
        guard let end else { return false }
        return now >= end
    }

    private mutating func dropBacklog() {
        skipped += backlogCount
        backlog.removeAll()
        backlogHead = 0
    }

    private func intendedTime(of index: Int) -> Double {
        first + Double(index) * interval
    }

    private mutating func take(intended: Double, late isLate: Bool) -> Send {
        sent += 1
        inFlight += 1
        if isLate { late += 1 }
        return Send(intended: intended, late: isLate)
    }
}
