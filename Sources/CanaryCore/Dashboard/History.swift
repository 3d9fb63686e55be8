/// Per-subset series for the sparklines: one sample per second of p99 latency and 5xx rate,
/// each tagged with its epoch so charts can mark where a weight change took effect.
public struct History: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        public var time: Double
        public var epoch: Int
        /// p99 latency over the window, seconds; nil when there were no replies.
        public var p99: Double?
        /// Share of replies with 5xx over the window (0…1); nil when there were no replies.
        public var errorRate: Double?
    }

    public let capacity: Int
    public private(set) var series: [String: [Sample]] = [:]
    public private(set) var lastSample: Double?

    public init(capacity: Int = 240) {
        self.capacity = max(1, capacity)
    }

    /// Samples every subset row of `snapshot`'s window, at most once per `interval` seconds.
    public mutating func sample(_ snapshot: TallySnapshot, interval: Double = 1) {
        if let lastSample, snapshot.time - lastSample < interval { return }
        lastSample = snapshot.time
        for row in snapshot.window.subsets {
            let rate = row.requests > 0 ? Double(row.http5xx) / Double(row.requests) : nil
            var samples = series[row.name, default: []]
            samples.append(Sample(time: snapshot.time, epoch: snapshot.epoch, p99: row.latency?.p99, errorRate: rate))
            if samples.count > capacity { samples.removeFirst(samples.count - capacity) }
            series[row.name] = samples
        }
    }
}
