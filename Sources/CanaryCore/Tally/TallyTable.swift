/// Every row of the table over one span of time: one epoch, or one bucket of the window.
///
/// Subset rows are created on their first record (or reserved, empty, in a window bucket once
/// another bucket has the row), so an idle row costs nothing; ``Tallies`` decides which row a reply lands on and bounds how many subset rows exist.
struct TallyTable: Sendable, Equatable, WindowAggregate {
    /// Which row a reply is counted on.
    enum Row: Hashable, Sendable {
        /// The subset of that name.
        case subset(String)
        /// A subset beyond the row limit.
        case otherSubsets
        /// No subset claimed the reply.
        case unattributed
    }

    /// Rows of subsets that have recorded something, by name.
    private(set) var subsets: [String: SubsetTally] = [:]
    /// Replies of subsets that got no row of their own.
    private(set) var otherSubsets = SubsetTally()
    /// Replies no subset claimed.
    private(set) var unattributed = SubsetTally()
    /// Probes that got no reply.
    private(set) var probeFaults = ProbeFaultTally()

    /// Counts `observation`, which falls in `classes`, on `row` at time `t`.
    mutating func record(_ observation: Observation, classes: [ReplyClass], on row: Row, at t: Double) {
        switch row {
        case .subset(let name):
            subsets[name, default: SubsetTally()].record(observation, classes: classes, at: t)
        case .otherSubsets: otherSubsets.record(observation, classes: classes, at: t)
        case .unattributed: unattributed.record(observation, classes: classes, at: t)
        }
    }

    /// Counts a probe that failed with `fault` after `latency` seconds, at time `t`.
    mutating func recordProbeFault(_ fault: ProbeFault, latency: Double, at t: Double) {
        probeFaults.record(fault, latency: latency, at: t)
    }

    /// The row of subset `name`, empty if it recorded nothing.
    func subset(_ name: String) -> SubsetTally {
        subsets[name] ?? SubsetTally()
    }

    /// Replies some subset claimed: every subset row plus the other subsets.
    var attributedRequests: Int {
        subsets.values.reduce(otherSubsets.requests) { $0 + $1.requests }
    }

    /// Empties every row, keeping rows and their storage for reuse.
    mutating func reset() {
        // Walk indices by hand: `subsets.indices` would hold a copy of the dictionary, and
        // resetting through a shared dictionary copies every histogram it holds.
        var index = subsets.startIndex
        while index != subsets.endIndex {
            subsets.values[index].reset()
            subsets.formIndex(after: &index)
        }
        otherSubsets.reset()
        unattributed.reset()
        probeFaults.reset()
    }

    /// Adds every row of `other`.
    mutating func merge(_ other: TallyTable) {
        for (name, row) in other.subsets where row.requests > 0 {
            subsets[name, default: SubsetTally()].merge(row)
        }
        otherSubsets.merge(other.otherSubsets)
        unattributed.merge(other.unattributed)
        probeFaults.merge(other.probeFaults)
    }

    /// Rows holding latency storage: every subset row (made by a record), and the fixed rows
    /// once they recorded or reserved.
    var partsWithStorage: Int {
        subsets.count + (otherSubsets.latency.hasStorage ? 1 : 0) + (unattributed.latency.hasStorage ? 1 : 0)
            + (probeFaults.latency.hasStorage ? 1 : 0)
    }

    /// Gives this table, empty, every row and latency storage `other` holds: a window bucket
    /// warmed this way allocates nothing when its first reply lands.
    mutating func reserve(like other: TallyTable) {
        for name in other.subsets.keys where subsets[name] == nil {
            var row = SubsetTally()
            row.reserveStorage()
            subsets[name] = row
        }
        if other.otherSubsets.latency.hasStorage { otherSubsets.reserveStorage() }
        if other.unattributed.latency.hasStorage { unattributed.reserveStorage() }
        if other.probeFaults.latency.hasStorage { probeFaults.reserveStorage() }
    }

    /// The memory the latency histograms of every row take, in bytes.
    var histogramFootprint: Int {
        subsets.values.reduce(0) { $0 + $1.latency.footprintInBytes }
            + otherSubsets.latency.footprintInBytes + unattributed.latency.footprintInBytes
            + probeFaults.latency.footprintInBytes
    }
}
