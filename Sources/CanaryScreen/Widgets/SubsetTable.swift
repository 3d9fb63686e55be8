import CanaryCore

/// The table: a row per subset, then the unattributed row and the probe-faults row.
///
/// Columns drop from the right, least important first, when the area is narrow; the selected
/// row is highlighted; a staged weight shows as `50→40`; an observed share whose 95 % interval
/// excludes the configured weight — whichever subsets the requests in flight turn out to be —
/// is flagged `!` (drift). The VERDICT column, never dropped,
/// gives each canary's verdict against the stable subset and widens into any room left over.
struct SubsetTable {
    let state: DashboardState

    private struct Column {
        let title: String
        let width: Int
        let rightAligned: Bool
        let priority: Int
    }

    private static let columns: [Column] = [
        Column(title: "SUBSET", width: 12, rightAligned: false, priority: 0),
        Column(title: "WEIGHT", width: 8, rightAligned: true, priority: 0),
        Column(title: "SHARE [95% CI]", width: 20, rightAligned: false, priority: 1),
        Column(title: "REQS", width: 7, rightAligned: true, priority: 0),
        Column(title: "REQ/S", width: 6, rightAligned: true, priority: 3),
        Column(title: "5XX", width: 6, rightAligned: true, priority: 0),
        Column(title: "5XX%", width: 6, rightAligned: true, priority: 2),
        Column(title: "P50", width: 8, rightAligned: true, priority: 2),
        Column(title: "P90", width: 8, rightAligned: true, priority: 4),
        Column(title: "P99", width: 8, rightAligned: true, priority: 1),
        Column(title: "MAX", width: 8, rightAligned: true, priority: 3),
        Column(title: "VERDICT", width: 10, rightAligned: false, priority: 0),
    ]

    /// How far the VERDICT column widens into spare room (for `INCONC 420 more ~21s`).
    private static let verdictMaxWidth = 20

    /// Rows it needs: title + subsets + unattributed + probe faults.
    var height: Int { 1 + max(1, state.rowNames.count) + 2 }

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        let shown = Self.visibleColumns(for: area.width)
        var x = area.x
        for c in shown {
            grid.put(c.rightAligned ? Format.right(c.title, c.width) : Format.left(c.title, c.width), x: x, y: area.y, role: .title, clip: area)
            x += c.width + 1
        }
        let view = state.viewMode == .epoch ? state.snapshot?.sinceEpoch : state.snapshot?.window
        var y = area.y + 1
        let names = state.rowNames
        let verdictWidth = shown.first { $0.title == "VERDICT" }?.width ?? 0
        for (i, name) in names.enumerated() where y < area.maxY {
            let row = view?.subset(name)
            var cells = subsetCells(name: name, row: row)
            cells["VERDICT"] = verdictCell(name: name, width: verdictWidth)
            draw(cells, shown, &grid, y: y, area: area)
            if i == state.selected { grid.paint(Rect(x: area.x, y: y, width: min(area.width, rowWidth(shown)), height: 1), role: .selected) }
            y += 1
        }
        if names.isEmpty, y < area.maxY {
            grid.put("(no replies yet)", x: area.x, y: y, role: .dim, clip: area)
            y += 1
        }
        if y < area.maxY, let row = view?.unattributed {
            draw(otherCells(row), shown, &grid, y: y, area: area)
            y += 1
        }
        if y < area.maxY {
            draw(faultCells(view?.probeFaults), shown, &grid, y: y, area: area)
        }
    }

    private func rowWidth(_ columns: [Column]) -> Int { columns.reduce(0) { $0 + $1.width + 1 } - 1 }

    private static func visibleColumns(for width: Int) -> [Column] {
        var shown = columns
        var priority = 4
        while shown.reduce(0, { $0 + $1.width + 1 }) - 1 > width, priority > 0 {
            shown.removeAll { $0.priority == priority }
            priority -= 1
        }
        let spare = width - (shown.reduce(0, { $0 + $1.width + 1 }) - 1)
        if spare > 0, let i = shown.firstIndex(where: { $0.title == "VERDICT" }) {
            let c = shown[i]
            shown[i] = Column(title: c.title, width: min(verdictMaxWidth, c.width + spare), rightAligned: c.rightAligned, priority: c.priority)
        }
        return shown
    }

    /// `PASS`/`FAIL`/`INCONC …` for a judged canary, `stable` for the stable row, else nothing.
    private func verdictCell(name: String, width: Int) -> (String, StyleRole)? {
        if let verdict = state.verdict(of: name) { return VerdictCell.cell(verdict, width: width) }
        return name == state.stableName ? VerdictCell.stable : nil
    }

    private typealias Cells = [String: (String, StyleRole)]

    private func draw(_ cells: Cells, _ columns: [Column], _ grid: inout Grid, y: Int, area: Rect) {
        var x = area.x
        for c in columns {
            if let (text, role) = cells[c.title] {
                grid.put(c.rightAligned ? Format.right(text, c.width) : Format.left(text, c.width), x: x, y: y, role: role, clip: area)
            }
            x += c.width + 1
        }
    }

    private func subsetCells(name: String, row: TallySnapshot.Row?) -> Cells {
        var cells: Cells = ["SUBSET": (name, .normal)]
        if let split = state.split, let index = split.names.firstIndex(of: name) {
            let current = split.weights[index]
            if let staged = state.staged, staged.count == split.names.count, staged[index] != current {
                cells["WEIGHT"] = ("\(current)→\(staged[index])", .staged)
            } else {
                cells["WEIGHT"] = ("\(current)%", name == split.stable ? .good : .normal)
            }
        }
        guard let row else { return cells }
        if let share = row.share, share.trials > 0 {
            let text = "\(Format.percent(share.observed)) [\(FixedPoint.format(share.lower * 100, digits: 0))–\(FixedPoint.format(share.upper * 100, digits: 0))]"
            var drift = false
            if let weight = state.split?.weight(of: name) {
                // Requests in flight may be anyone's: a slow subset's replies lag its weight.
                let unseen = state.viewMode == .epoch ? state.inFlight : 0
                drift = share.drifts(fromWeightPercent: Double(weight.hundredths) / 100, unseen: unseen)
            }
            cells["SHARE [95% CI]"] = (drift ? text + " !" : text, drift ? .warn : .normal)
        }
        fillCounts(&cells, row)
        return cells
    }

    private func otherCells(_ row: TallySnapshot.Row) -> Cells {
        var cells: Cells = ["SUBSET": ("unattributed", .dim)]
        fillCounts(&cells, row)
        return cells
    }

    private func fillCounts(_ cells: inout Cells, _ row: TallySnapshot.Row) {
        cells["REQS"] = (Format.count(row.requests), row.requests == 0 ? .dim : .normal)
        cells["REQ/S"] = (Format.rate(row.requestsPerSecond), .normal)
        cells["5XX"] = (Format.count(row.http5xx), row.http5xx > 0 ? .bad : .dim)
        let rate = row.requests > 0 ? Double(row.http5xx) / Double(row.requests) : nil
        cells["5XX%"] = (Format.percent(rate), row.http5xx > 0 ? .bad : .dim)
        cells["P50"] = (Format.latency(row.latency?.p50), .normal)
        cells["P90"] = (Format.latency(row.latency?.p90), .normal)
        cells["P99"] = (Format.latency(row.latency?.p99), .normal)
        cells["MAX"] = (Format.latency(row.latency?.max), .normal)
    }

    private func faultCells(_ row: TallySnapshot.FaultRow?) -> Cells {
        let count = row?.count ?? 0
        var cells: Cells = ["SUBSET": ("probe faults", count > 0 ? .bad : .dim)]
        cells["REQS"] = (Format.count(count), count > 0 ? .bad : .dim)
        cells["REQ/S"] = (Format.rate(row?.perSecond), .normal)
        if let row, count > 0 {
            let top = row.byFault.sorted { $0.value > $1.value }.prefix(2).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            cells["SHARE [95% CI]"] = (top, .bad)
            cells["P99"] = (Format.latency(row.latency?.p99), .normal)
            cells["MAX"] = (Format.latency(row.latency?.max), .normal)
        }
        return cells
    }
}
