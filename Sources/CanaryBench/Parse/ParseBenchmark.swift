import CanaryCore
import Foundation

/// `canarytop bench parse`: decodes typical replies with ``TraceDecoder`` and, for comparison,
/// with Foundation's `JSONDecoder` into an equivalent `Codable` model, in the same process.
///
/// One round decodes every sample once. The rounds are timed in five batches per decoder and
/// the median batch is reported, which keeps one noisy moment on a shared machine from
/// deciding the figure.
public struct ParseBenchmark: Sendable {
    /// Rounds to time per decoder (at least 5).
    public var iterations: Int

    public init(iterations: Int) {
        self.iterations = iterations
    }

    /// Checks that both decoders agree on every sample, then times them.
    public func run() throws -> ParseReport {
        let samples = BenchSamples.all
        let datas = samples.map { Data($0.bytes) }
        let jsonDecoder = JSONDecoder()
        try checkAgreement(samples, datas, jsonDecoder)

        let bytesPerRound = samples.reduce(0) { $0 + $1.bytes.count }
        var sink = 0
        let decoder = Self.timeBatches(rounds: iterations) {
            for sample in samples {
                sink &+= TraceDecoder.decode(sample.bytes).trace?.root.upstreamCalls.count ?? 0
            }
        }
        let foundation = Self.timeBatches(rounds: iterations) {
            for data in datas {
                sink &+= (try? jsonDecoder.decode(CodableHop.self, from: data))?.upstreamCalls.count ?? 0
            }
        }
        func rate(_ seconds: Double) -> Rate {
            Rate(seconds: seconds, rounds: iterations, bytesPerRound: bytesPerRound, tracesPerRound: samples.count)
        }
        return ParseReport(
            iterations: iterations, samples: samples.map(\.name), bytesPerRound: bytesPerRound,
            decoder: rate(decoder), foundation: rate(foundation), checksum: sink
        )
    }

    /// Both decoders must see the same hops in every sample, or the comparison means nothing.
    func checkAgreement(_ samples: [BenchSamples.Sample], _ datas: [Data], _ jsonDecoder: JSONDecoder) throws {
        for (sample, data) in zip(samples, datas) {
            guard let trace = TraceDecoder.decode(sample.bytes).trace else {
                throw BenchError("sample \(sample.name) does not decode as a trace")
            }
            let codable = try jsonDecoder.decode(CodableHop.self, from: data)
            guard trace.root.hopCount == codable.hopCount, trace.root.name == codable.name,
                trace.root.duration == codable.duration
            else {
                throw BenchError("decoders disagree on sample \(sample.name)")
            }
        }
    }

    /// Seconds per round: the median of five timed batches, after one untimed warm-up batch.
    private static func timeBatches(rounds: Int, _ round: () -> Void) -> Double {
        let clock = ContinuousClock()
        let perBatch = max(1, rounds / 5)
        for _ in 0..<perBatch { round() }
        var times: [Double] = []
        for _ in 0..<5 {
            let elapsed = clock.measure { for _ in 0..<perBatch { round() } }
            let parts = elapsed.components
            times.append((Double(parts.seconds) + Double(parts.attoseconds) * 1e-18) / Double(perBatch))
        }
        return times.sorted()[2] * Double(rounds)
    }
}

/// One decoder's throughput.
public struct Rate: Sendable {
    public var seconds: Double
    public var mbPerSecond: Double
    public var tracesPerSecond: Double

    init(seconds: Double, rounds: Int, bytesPerRound: Int, tracesPerRound: Int) {
        self.seconds = seconds
        let safe = max(seconds, 1e-12)
        mbPerSecond = Double(rounds * bytesPerRound) / safe / 1e6
        tracesPerSecond = Double(rounds * tracesPerRound) / safe
    }

    /// Keys in alphabetical order.
    public var json: JSONValue {
        .object([("mb_per_s", .number(mbPerSecond)), ("seconds", .number(seconds)), ("traces_per_s", .number(tracesPerSecond))])
    }
}

/// What `bench parse` measured.
public struct ParseReport: Sendable {
    public var iterations: Int
    public var samples: [String]
    public var bytesPerRound: Int
    public var decoder: Rate
    public var foundation: Rate
    public var checksum: Int
    public var ratio: Double { decoder.tracesPerSecond / max(foundation.tracesPerSecond, 1e-12) }

    /// One line, keys in alphabetical order.
    public func json() -> String {
        JSONValue.object([
            ("bytes_per_round", .int(bytesPerRound)), ("checksum", .int(checksum)), ("decoder", decoder.json),
            ("foundation", foundation.json), ("iterations", .int(iterations)), ("ratio", .number(ratio)),
            ("samples", .array(samples.map { .string($0) })),
        ]).compact
    }

    public func text() -> String {
        func row(_ label: String, _ rate: Rate) -> String {
            label.padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "%10.1f MB/s %12.0f traces/s", rate.mbPerSecond, rate.tracesPerSecond)
        }
        return """
            Trace parsing: \(samples.joined(separator: ", ")) (\(bytesPerRound) bytes per round)
            \(iterations) rounds per decoder, median of 5 batches
            \(row("TraceDecoder", decoder))
            \(row("JSONDecoder (Codable)", foundation))
            ratio: \(String(format: "%.1f", ratio))×
            """
    }
}
