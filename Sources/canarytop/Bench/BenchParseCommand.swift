import ArgumentParser
import CanaryCore
import Foundation

/// `canarytop bench parse`: decodes typical replies with ``TraceDecoder`` and, for comparison,
/// with Foundation's `JSONDecoder` into an equivalent `Codable` model, in the same process.
///
/// One round decodes every sample once. The rounds are timed in five batches per decoder and
/// the median batch is reported, which keeps one noisy moment on a shared machine from
/// deciding the figure.
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Compare TraceDecoder with JSONDecoder on typical fake-service replies."
    )

    @Option(help: "Rounds to time per decoder; each round decodes every sample once.")
    var iterations = 20_000

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard iterations >= 5 else { throw ValidationError("--iterations must be at least 5") }
    }

    func run() throws {
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
        let report = Report(
            iterations: iterations, samples: samples.map(\.name), bytesPerRound: bytesPerRound,
            decoder: rate(decoder), foundation: rate(foundation), checksum: sink
        )
        print(json ? try report.json() : report.text())
    }

    /// Both decoders must see the same hops in every sample, or the comparison means nothing.
    private func checkAgreement(_ samples: [BenchSamples.Sample], _ datas: [Data], _ jsonDecoder: JSONDecoder) throws {
        for (sample, data) in zip(samples, datas) {
            guard let trace = TraceDecoder.decode(sample.bytes).trace else {
                throw ValidationError("sample \(sample.name) does not decode as a trace")
            }
            let codable = try jsonDecoder.decode(CodableHop.self, from: data)
            guard trace.root.hopCount == codable.hopCount, trace.root.name == codable.name,
                trace.root.duration == codable.duration
            else {
                throw ValidationError("decoders disagree on sample \(sample.name)")
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
struct Rate: Encodable {
    var seconds: Double
    var mbPerSecond: Double
    var tracesPerSecond: Double

    init(seconds: Double, rounds: Int, bytesPerRound: Int, tracesPerRound: Int) {
        self.seconds = seconds
        let safe = max(seconds, 1e-12)
        mbPerSecond = Double(rounds * bytesPerRound) / safe / 1e6
        tracesPerSecond = Double(rounds * tracesPerRound) / safe
    }

    enum CodingKeys: String, CodingKey {
        case seconds
        case mbPerSecond = "mb_per_s"
        case tracesPerSecond = "traces_per_s"
    }
}

/// What `bench parse` prints.
struct Report: Encodable {
    var iterations: Int
    var samples: [String]
    var bytesPerRound: Int
    var decoder: Rate
    var foundation: Rate
    var checksum: Int
    var ratio: Double { decoder.tracesPerSecond / max(foundation.tracesPerSecond, 1e-12) }

    enum CodingKeys: String, CodingKey {
        case iterations, samples, decoder, foundation, ratio, checksum
        case bytesPerRound = "bytes_per_round"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(samples, forKey: .samples)
        try c.encode(bytesPerRound, forKey: .bytesPerRound)
        try c.encode(decoder, forKey: .decoder)
        try c.encode(foundation, forKey: .foundation)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(checksum, forKey: .checksum)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
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
