import CanaryApp
import CanaryCore
import CanaryDemo
import Foundation

/// `canarytop bench replay`: how fast `replay --headless` reads a recording, and in how much
/// memory. Writes a synthetic recording of ``requests`` replies at ``rate`` per second (a blue and
/// a green subset 90/10, a few 5xx with a failing hop, a few probe faults, a weight change half
/// way, an end line) with the recorder's own encoder, replays it through ``ReplayHeadless``, and
/// reports the wall time, the speed-up over the recording's own length, and the peak RSS.
public struct ReplayBenchmark: Sendable {
    public var requests = 10_000_000
    public var rate = 10_000.0
    /// Where the recording is written (a temporary file, removed afterwards, by default).
    public var path: String?

    public init() {}

    public struct Report: Sendable {
        public var benchmark: ReplayBenchmark
        public var fileBytes: Int
        public var recordedSeconds: Double
        public var writeSeconds: Double
        public var replaySeconds: Double
        public var records: Int
        public var peakRSS: Int?
        public var replies: Int

        public var speedUp: Double { recordedSeconds / replaySeconds }

        public var json: JSONValue {
            let r = { (value: Double, digits: Int) in FixedPoint.round(value, digits) }
            return .object([
                ("requests", .int(benchmark.requests)), ("recorded_rate", .number(benchmark.rate)),
                ("file_mib", .number(r(Double(fileBytes) / 1048576, 1))), ("recorded_s", .number(r(recordedSeconds, 1))),
                ("write_s", .number(r(writeSeconds, 2))), ("replay_s", .number(r(replaySeconds, 2))),
                ("speed_up", .number(r(speedUp, 1))), ("records_per_s", .number(r(Double(records) / replaySeconds, 0))),
                ("peak_rss_mib", .number(peakRSS.map { r(Double($0) / 1048576, 1) })), ("replies_counted", .int(replies)),
            ])
        }

        public var text: String {
            [
                "Replay of \(benchmark.requests) requests recorded at \(FixedPoint.format(benchmark.rate, digits: 0)) req/s "
                    + "(\(FixedPoint.format(recordedSeconds, digits: 1)) s recorded, \(FixedPoint.format(Double(fileBytes) / 1048576, digits: 1)) MiB)",
                "written in \(FixedPoint.format(writeSeconds, digits: 2)) s; replayed headless in \(FixedPoint.format(replaySeconds, digits: 2)) s: "
                    + "\(FixedPoint.format(speedUp, digits: 1))× the recording's own time, "
                    + "\(FixedPoint.format(Double(records) / replaySeconds / 1e6, digits: 2)) M records/s",
                "peak RSS \(peakRSS.map { FixedPoint.format(Double($0) / 1048576, digits: 1) + " MiB" } ?? "unknown"); \(replies) replies counted",
            ].joined(separator: "\n")
        }
    }

    public func run() throws -> Report {
        let path = self.path ?? FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-bench-\(getpid()).jsonl").path
        defer { if self.path == nil { unlink(path) } }
        let clock = ContinuousClock()
        let writeStart = clock.now
        let recordedSeconds = try write(to: path)
        let writeSeconds = Self.seconds(clock.now - writeStart)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

        let replayStart = clock.now
        let result = try ReplayHeadless.run(path: path)
        let replaySeconds = Self.seconds(clock.now - replayStart)
        guard result.figures.totals.run.replies + result.figures.totals.run.probeFaults.count == requests else {
            throw BenchError("the replay counted \(result.figures.totals.run.replies) replies, not \(requests)")
        }
        return Report(
            benchmark: self, fileBytes: fileBytes, recordedSeconds: recordedSeconds, writeSeconds: writeSeconds,
            replaySeconds: replaySeconds, records: result.records, peakRSS: Self.peakRSS(), replies: result.figures.totals.run.replies)
    }

    /// Writes the synthetic recording; returns its length in recorded seconds.
    private func write(to path: String) throws -> Double {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot create \(path)")
        }
        defer { try? handle.close() }
        var out = ""
        out.reserveCapacity(1 << 22)
        RecordingEncoder.appendLine(.header(RecordingHeader(
            target: "http://127.0.0.1:9090/", rate: rate, rateLabel: "\(FixedPoint.format(rate, digits: 0))/s", concurrency: 64,
            subsets: ["blue", "green"], applyMode: "file", headless: true)), to: &out)
        var generator = SeededGenerator(seed: 15)
        let hop = FailingHop(path: ["web", "payments-green"], code: 500, error: "upstream error: payments green fault injected")
        var t = 0.0
        for i in 0..<requests {
            if i == requests / 2 { RecordingEncoder.appendLine(.epoch(number: 2, at: t), to: &out) }
            let roll = generator.next() % 1000
            // 5 ms to about 40 ms, with a long tail.
            let latency = 0.005 + Double(generator.next() % 20_000) / 1e6 + (roll == 0 ? 0.2 : 0)
            // Completions in order, as the collector counts them (a reply completing before an epoch
            // began but handed over after it is not counted: see the report of issue 15).
            t = max(t, Double(i) / rate + latency)
            let entry: RecordingEntry
            if roll < 2 {
                entry = .fault(.timeout, latency: latency, at: t)
            } else if roll < 100 {
                let failing = roll < 10
                entry = .reply(Observation(
                    subset: "green", status: failing ? 500 : 200, body: .trace, hopCode: failing ? 500 : 200, hopDuration: latency / 2,
                    failingHop: failing ? hop : nil, latency: latency), at: t)
            } else {
                entry = .reply(Observation(subset: "blue", status: 200, body: .trace, hopCode: 200, hopDuration: latency / 2, latency: latency), at: t)
            }
            RecordingEncoder.appendLine(entry, to: &out)
            if out.utf8.count >= 1 << 22 {
                handle.write(Data(out.utf8))
                out.removeAll(keepingCapacity: true)
            }
        }
        RecordingEncoder.appendLine(.end(RecordingEnd(
            time: t, sent: requests, inFlight: 0, late: 0, skipped: 0, retried: 0, weightNames: nil, weights: nil, ending: "probe_ended")), to: &out)
        handle.write(Data(out.utf8))
        return Double(requests) / rate
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The process's peak resident memory (Linux: `ru_maxrss` in KiB).
    static func peakRSS() -> Int? {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return usage.ru_maxrss * 1024
    }
}
