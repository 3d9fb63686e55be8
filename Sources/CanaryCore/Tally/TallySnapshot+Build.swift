/// Turning tally rows into the snapshot's plain rows.
extension TallySnapshot.View {
    /// The view of `table` over `seconds` of the timeline, with a row for each of `names`.
    init(table: TallyTable, names: [String], showOtherSubsets: Bool, seconds: Double) {
        let attributed = table.attributedRequests
        let subsets = names.map { name in
            TallySnapshot.Row(name: name, table.subset(name), seconds: seconds, attributed: attributed)
        }
        let other = showOtherSubsets
            ? TallySnapshot.Row(name: "(other)", table.otherSubsets, seconds: seconds, attributed: attributed)
            : nil
        self.init(
            seconds: seconds, subsets: subsets, otherSubsets: other,
            unattributed: TallySnapshot.Row(name: "(unattributed)", table.unattributed, seconds: seconds, attributed: nil),
            probeFaults: TallySnapshot.FaultRow(table.probeFaults, seconds: seconds),
            attributedRequests: attributed, replies: attributed + table.unattributed.requests)
    }
}

extension TallySnapshot.Row {
    /// The row for `tally`; its share of `attributed` replies when given.
    init(name: String, _ tally: SubsetTally, seconds: Double, attributed: Int?) {
        self.init(
            name: name, requests: tally.requests, failed: tally.failed, http5xx: tally.http5xx,
            http4xx: tally.http4xx,
            classes: Dictionary(uniqueKeysWithValues: tally.classes.map { ($0.key.name, $0.value) }),
            latency: TallySnapshot.LatencySummary(tally.latency),
            requestsPerSecond: rate(tally.requests, over: seconds),
            share: attributed.map { ShareInterval(successes: tally.requests, of: $0) },
            recentErrors: tally.recentErrors.entries, firstSeen: tally.firstSeen, lastSeen: tally.lastSeen,
            histogram: tally.latency, http3xx: tally.http3xx)
    }
}

extension TallySnapshot.FaultRow {
    /// The row for `tally`.
    init(_ tally: ProbeFaultTally, seconds: Double) {
        self.init(
            count: tally.count,
            byFault: Dictionary(uniqueKeysWithValues: tally.byFault.map { ($0.key.rawValue, $0.value) }),
            latency: TallySnapshot.LatencySummary(tally.latency), perSecond: rate(tally.count, over: seconds),
            firstSeen: tally.firstSeen, lastSeen: tally.lastSeen, histogram: tally.latency)
    }
}

/// `count / seconds`; `nil` when no time is covered.
private func rate(_ count: Int, over seconds: Double) -> Double? {
    seconds > 0 ? Double(count) / seconds : nil
}
