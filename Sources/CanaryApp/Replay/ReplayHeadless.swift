import CanaryCore
import CanaryProbe
import CanaryStore

/// `canarytop replay FILE --headless`: the recording read through once, as fast as it can be
/// read, its replies and epochs counted by the same ``TallyCollector`` the live run counted them
/// with, in the same order — so the summary's counts and percentiles are the live run's, exactly.
///
/// Memory stays bounded: the file is read a chunk at a time and only the tallies are kept.
public enum ReplayHeadless {
    /// What the replay found.
    public struct Result: Sendable {
        public var header: RecordingHeader
        /// The figures as the live run's summary took them (at its end line's time; without
        /// one — a dashboard's recording, or a run that was killed — at the last record's).
        public var figures: HeadlessWatch.Figures
        /// How the live run ended, when it ended normally.
        public var end: RecordingEnd?
        /// Records read after the header.
        public var records: Int
        /// What was skipped: lines that were not records, an unfinished last line.
        public var warnings: [String]
    }

    /// Records counted before a batch is handed to the collector (as the probe's lanes batch).
    static let batchSize = 4096

    /// Reads `path` through; one line naming the file (and line) when it is not a recording.
    public static func run(path: String) throws -> Result {
        let file: RecordingFile
        do {
            file = try RecordingFile(path: path)
        } catch {
            throw RunError("\(error)")
        }
        let header = file.header
        let collector = TallyCollector(subsets: header.subsets)
        var batch: [TallyCollector.Record] = []
        batch.reserveCapacity(batchSize)
        var end: RecordingEnd?
        var last = 0.0
        var records = 0
        var split: RecordedSplit?
        var warnings: [String] = []
        do {
            while let (entry, position) = try file.nextRecord() {
                records += 1
                switch entry {
                case .reply(let observation, let t):
                    batch.append(.reply(observation, at: t))
                    last = max(last, t)
                case .fault(let fault, let latency, let t):
                    batch.append(.fault(fault, latency: latency, at: t))
                    last = max(last, t)
                case .epoch(let number, let t):
                    collector.record(batch)
                    batch.removeAll(keepingCapacity: true)
                    collector.startEpoch(at: t)
                    if collector.epoch != number {
                        warnings.append("\(path):\(position.line): epoch \(number) recorded, \(collector.epoch) counted")
                    }
                    last = max(last, t)
                case .split(let s, _, _):
                    split = s
                case .end(let e):
                    end = e
                case .header, .verdict, .event, .key:
                    break
                }
                if batch.count >= batchSize {
                    collector.record(batch)
                    batch.removeAll(keepingCapacity: true)
                }
                // What came after the end line was not in the live run's summary.
                if end != nil { break }
            }
        } catch {
            throw RunError("\(error)")
        }
        collector.record(batch)
        warnings += file.warnings

        let time = end?.time ?? last
        let totals = collector.totals(at: time)
        var counts = ProbeRunner.Counts()
        if let end {
            counts.sent = end.sent
            counts.inFlight = end.inFlight
            counts.late = end.late
            counts.skipped = end.skipped
            counts.retried = end.retried
        } else {
            counts.sent = totals.run.replies + totals.run.probeFaults.count
        }
        counts.replies = totals.run.replies
        counts.faults = totals.run.probeFaults.count
        var weights: ConfiguredWeights?
        if let names = end?.weightNames, let values = end?.weights {
            weights = ConfiguredWeights(names: names, weights: values)
        } else if end == nil, let split {
            weights = ConfiguredWeights(names: split.names, weights: split.weights)
        }
        let figures = HeadlessWatch.Figures(
            totals: totals, counts: counts, settings: try settings(header), weights: weights, elapsed: time)
        return Result(header: header, figures: figures, end: end, records: records, warnings: warnings)
    }

    /// The probe settings a header names (what the summary prints of them).
    static func settings(_ header: RecordingHeader) throws -> ProbeSettings {
        let target: ProbeTarget
        do {
            target = try ProbeTarget(url: header.target)
        } catch {
            throw RunError("the recording's target: \(error)")
        }
        return ProbeSettings(target: target, pace: header.rate.map { .open(rate: $0) } ?? .closed, concurrency: header.concurrency)
    }
}
