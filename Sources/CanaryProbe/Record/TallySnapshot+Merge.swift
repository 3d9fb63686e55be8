import CanaryCore

/// Adding two views of the table together: one epoch's counts plus another's.
extension TallySnapshot.View {
    /// The counts of `self` and `other` together, as if counted over both spans of time.
    ///
    /// Rows are matched by name (this view's order first, then `other`'s new names). Counts,
    /// classes and latency histograms add up; shares, rates and percentiles are computed
    /// again from the sums. Recent errors keep the latest few of both.
    public func merged(with other: TallySnapshot.View) -> TallySnapshot.View {
        var names = subsets.map(\.name)
        for row in other.subsets where !names.contains(row.name) { names.append(row.name) }
        let seconds = self.seconds + other.seconds
        let attributed = attributedRequests + other.attributedRequests
        let rows = names.map { name in
            TallySnapshot.Row.sum(name: name, subset(name), other.subset(name), seconds: seconds, attributed: attributed)
        }
        let otherRow: TallySnapshot.Row?
        if otherSubsets == nil && other.otherSubsets == nil {
            otherRow = nil
        } else {
            otherRow = .sum(name: "(other)", otherSubsets, other.otherSubsets, seconds: seconds, attributed: attributed)
        }
        return TallySnapshot.View(
            seconds: seconds, subsets: rows, otherSubsets: otherRow,
            unattributed: .sum(name: unattributed.name, unattributed, other.unattributed, seconds: seconds, attributed: nil),
            probeFaults: probeFaults.merged(with: other.probeFaults, seconds: seconds),
            attributedRequests: attributed, replies: replies + other.replies)
    }
}

extension TallySnapshot.Row {
    /// The sum of two rows of the same name (either may be missing).
    static func sum(
        name: String, _ a: TallySnapshot.Row?, _ b: TallySnapshot.Row?, seconds: Double, attributed: Int?
    ) -> TallySnapshot.Row {
        let rows = [a, b].compactMap { $0 }
        var histogram = LatencyHistogram()
        var classes: [String: Int] = [:]
        var errors: [RecentErrors.Entry] = []
        for row in rows {
            histogram.merge(row.histogram)
            classes.merge(row.classes, uniquingKeysWith: +)
            errors += row.recentErrors
        }
        let requests = rows.reduce(0) { $0 + $1.requests }
        errors.sort { $0.lastSeen < $1.lastSeen }
        return TallySnapshot.Row(
            name: name, requests: requests, failed: rows.reduce(0) { $0 + $1.failed },
            http5xx: rows.reduce(0) { $0 + $1.http5xx }, http4xx: rows.reduce(0) { $0 + $1.http4xx },
            classes: classes, latency: TallySnapshot.LatencySummary(histogram),
            requestsPerSecond: seconds > 0 ? Double(requests) / seconds : nil,
            share: attributed.map { ShareInterval(successes: requests, of: $0) },
            recentErrors: Array(errors.suffix(RecentErrors.defaultLimit)),
            firstSeen: rows.compactMap(\.firstSeen).min(), lastSeen: rows.compactMap(\.lastSeen).max(),
            histogram: histogram, http3xx: rows.reduce(0) { $0 + $1.http3xx })
    }
}

extension TallySnapshot.FaultRow {
    /// The sum of two fault rows.
    func merged(with other: TallySnapshot.FaultRow, seconds: Double) -> TallySnapshot.FaultRow {
        var histogram = self.histogram
        histogram.merge(other.histogram)
        let count = self.count + other.count
        return TallySnapshot.FaultRow(
            count: count, byFault: byFault.merging(other.byFault, uniquingKeysWith: +),
            latency: TallySnapshot.LatencySummary(histogram), perSecond: seconds > 0 ? Double(count) / seconds : nil,
            firstSeen: [firstSeen, other.firstSeen].compactMap { $0 }.min(),
            lastSeen: [lastSeen, other.lastSeen].compactMap { $0 }.max(), histogram: histogram)
    }
}
