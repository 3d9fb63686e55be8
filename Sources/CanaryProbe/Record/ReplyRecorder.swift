import CanaryCore
import NIOCore

/// Turns one lane's replies into tally records: decode, attribute, batch, hand over.
///
/// Runs on the lane's event loop, right where the reply arrived, so the body is decoded in
/// place without a copy. Records are passed to the shared ``TallyCollector`` in batches of
/// ``batchSize`` (and whenever the lane asks, e.g. before a report), so the collector's lock is
/// taken once per batch.
final class ReplyRecorder {
    /// Records held back before a hand-over.
    static let batchSize = 128

    private let attribution: AttributorBox
    private var attributor: Attributor
    private var version: UInt64 = 0
    private let collector: TallyCollector
    private var pending: [TallyCollector.Record] = []

    /// Replies recorded so far (every one, handed over or not).
    private(set) var replies = 0
    /// Probe faults recorded so far.
    private(set) var faults = 0

    init(attribution: AttributorBox, collector: TallyCollector) {
        self.attribution = attribution
        self.collector = collector
        (attributor, version) = attribution.load(ifNewerThan: 0) ?? (attribution.attributor, 0)
        pending.reserveCapacity(Self.batchSize)
    }

    /// Decodes and attributes a reply with HTTP `status` and `body`, `latency` seconds after
    /// its intended send time, completed at `t`.
    func reply(status: Int, body: ByteBuffer, latency: Double, at t: Double) {
        if let newer = attribution.load(ifNewerThan: version) { (attributor, version) = newer }
        let outcome = body.withUnsafeReadableBytes { TraceDecoder.decode($0) }
        let observation = attributor.observe(outcome, status: status, latency: latency)
        replies += 1
        append(.reply(observation, at: t))
    }

    /// Records a probe that got no reply.
    func fault(_ fault: ProbeFault, latency: Double, at t: Double) {
        faults += 1
        append(.fault(fault, latency: latency, at: t))
    }

    /// Whether records are held back, waiting for a hand-over.
    var hasPending: Bool { !pending.isEmpty }

    /// Hands every held record to the collector.
    func flush() {
        guard !pending.isEmpty else { return }
        collector.record(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func append(_ record: TallyCollector.Record) {
        pending.append(record)
        if pending.count >= Self.batchSize { flush() }
    }
}
