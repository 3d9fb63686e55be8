import CanaryCore

/// A latency histogram of one subset: horizontal bars per latency bin.
struct HistogramChart {
    let title: String
    let histogram: LatencyHistogram

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.put(title, x: area.x, y: area.y, role: .title, clip: area)
        let rows = area.height - 1
        guard rows > 0 else { return }
        guard histogram.count > 0 else {
            grid.put("(no replies)", x: area.x, y: area.y + 1, role: .dim, clip: area)
            return
        }
        let bins = histogram.bins(count: rows)
        let largest = bins.map(\.count).max() ?? 0
        let labelWidth = 8
        let barWidth = max(0, area.width - labelWidth - 8)
        for (i, bin) in bins.enumerated() where i < rows {
            let y = area.y + 1 + i
            grid.put(Format.right("≤" + Format.latency(bin.upperBound), labelWidth), x: area.x, y: y, role: .dim, clip: area)
            let length = largest > 0 ? Int((Double(bin.count) / Double(largest) * Double(barWidth)).rounded(.up)) : 0
            let bar = String(repeating: "█", count: bin.count > 0 ? max(1, length) : 0)
            let end = grid.put(bar, x: area.x + labelWidth + 1, y: y, role: .chart, clip: area)
            grid.put(" " + Format.count(bin.count), x: end, y: y, role: .dim, clip: area)
        }
    }
}
