/// A one-row chart of values with `▁▂▃▄▅▆▇█`, scaled to the largest value shown; gaps (nil)
/// draw as `·`, zeros dim, and `│` marks the column where a new epoch began.
struct Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The values (oldest first) and, per value, whether an epoch began there.
    let values: [Double?]
    let epochStarts: [Bool]
    /// The value drawn as a full block; defaults to the largest value shown.
    var ceiling: Double?

    func render(into grid: inout Grid, x: Int, y: Int, width: Int, role: StyleRole = .chart) {
        guard width > 0 else { return }
        let start = max(0, values.count - width)
        let shown = Array(values[start...])
        let marks = Array(epochStarts[start...])
        let top = ceiling ?? shown.compactMap { $0 }.max() ?? 0
        for (i, value) in shown.enumerated() {
            let column = x + i
            if marks[i], i > 0 {
                grid.put("│", x: column, y: y, role: .marker)
                continue
            }
            guard let value else {
                grid.put("·", x: column, y: y, role: .dim)
                continue
            }
            let level = top > 0 ? Int((value / top * 7).rounded()) : 0
            // A zero is dim: a healthy row's 5xx line is not drawn as bad, and a small rate (▁ too) stands out from none.
            grid.put(String(Self.blocks[min(7, max(0, level))]), x: column, y: y, role: value == 0 ? .dim : role)
        }
    }
}
