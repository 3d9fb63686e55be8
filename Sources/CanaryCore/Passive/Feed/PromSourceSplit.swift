/// Prometheus answers cut into per-source reads for ``PassiveBoard``: one source per scrape
/// target (the value of a label such as `instance` or `pod`), so each Envoy replica is
/// differenced and restart-checked on its own.
public enum PromSourceSplit {
    /// One read of one source at one time.
    public struct Read: Sendable, Equatable {
        public var source: String
        public var time: Double
        public var samples: [PromSample]
    }

    /// An instant vector as one read per source (by `sourceLabel`; series without it share
    /// the source `""`), sorted by source. Each read's time is the latest of its points.
    public static func reads(_ vector: [PromInstantSample], by sourceLabel: String) -> [Read] {
        var bySource: [String: Read] = [:]
        for item in vector {
            guard let name = item.name else { continue }
            let source = item.labels[sourceLabel] ?? ""
            var read = bySource[source] ?? Read(source: source, time: item.point.time, samples: [])
            read.time = max(read.time, item.point.time)
            read.samples.append(PromSample(name: name, labels: item.labels, value: item.point.value))
            bySource[source] = read
        }
        return bySource.values.sorted { $0.source < $1.source }
    }

    /// `reads` with each read's time set to when its source was last scraped: `stamps` is the
    /// answer to `timestamp(<a gauge every target has>)` (no metric name; the value is the
    /// sample's Unix time). An instant query's own time is when it was evaluated, which can be a
    /// whole scrape interval (or a stale target's five minutes) after the data. A read without a
    /// stamp keeps its time; a stamp never moves a read later.
    public static func stamped(_ reads: [Read], with stamps: [PromInstantSample], by sourceLabel: String) -> [Read] {
        var scraped: [String: Double] = [:]
        for stamp in stamps where stamp.point.value.isFinite {
            let source = stamp.labels[sourceLabel] ?? ""
            scraped[source] = max(scraped[source] ?? stamp.point.value, stamp.point.value)
        }
        return reads.map { read in
            var read = read
            if let time = scraped[read.source] { read.time = min(read.time, time) }
            return read
        }
    }

    /// A range query's matrix as reads in time order: at each step time, one read per source
    /// holding that source's series that have a point then (a series without one is absent
    /// from that read, as Prometheus had no sample). Feeding them in order back-fills the board.
    public static func reads(_ matrix: [PromRangeSeries], by sourceLabel: String) -> [Read] {
        var byStep: [Double: [String: [PromSample]]] = [:]
        for series in matrix {
            guard let name = series.name else { continue }
            let source = series.labels[sourceLabel] ?? ""
            for point in series.points {
                byStep[point.time, default: [:]][source, default: []].append(
                    PromSample(name: name, labels: series.labels, value: point.value))
            }
        }
        return byStep.keys.sorted().flatMap { time in
            byStep[time]!.keys.sorted().map { Read(source: $0, time: time, samples: byStep[time]![$0]!) }
        }
    }
}
