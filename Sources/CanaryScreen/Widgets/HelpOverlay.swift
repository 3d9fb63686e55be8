import CanaryCore

/// Full help: every key, in place of the dashboard's body; a long description wraps under itself.
struct HelpOverlay {
    let state: DashboardState

    func render(into grid: inout Grid, area: Rect) {
        let bindings = KeyMap.visible(readOnly: state.setup.readOnly, replay: state.setup.replay)
        let width = min(area.width, 100)
        let rows = bindings.map { (keys: $0.label, lines: Self.wrap($0.action, width: width - 15)) }
        let height = min(area.height, rows.reduce(0) { $0 + $1.lines.count } + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        guard !box.isEmpty else { return }
        // The whole body, not just the box: no piece of a table or chart shows beside the keys.
        grid.fill(area, role: .normal)
        grid.put("KEYS" + (state.setup.readOnly ? " (read-only: write keys hidden)" : ""), x: box.x + 2, y: box.y, role: .title, clip: box)
        var y = box.y + 2
        for row in rows {
            for (i, line) in row.lines.enumerated() where y < box.maxY - 1 {
                if i == 0 { grid.put(Format.left(row.keys, 10), x: box.x + 2, y: y, role: .key, clip: box) }
                grid.put(line, x: box.x + 13, y: y, role: .normal, clip: box)
                y += 1
            }
        }
        grid.put("any key closes this", x: box.x + 2, y: box.maxY - 1, role: .dim, clip: box)
    }

    /// `text` in lines of at most `width` columns, broken at spaces (a longer word is cut by the grid).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        return lines + [line]
    }
}

/// Shown instead of the dashboard when the terminal is smaller than the minimum.
struct TooSmall {
    let width: Int
    let height: Int
    static let minimumWidth = 80
    static let minimumHeight = 24

    func render(into grid: inout Grid) {
        let lines = ["Terminal too small: \(width)×\(height)", "canarytop needs at least \(Self.minimumWidth)×\(Self.minimumHeight)", "r rolls back · q quits"]
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let text = line.count > grid.width ? String(line.prefix(grid.width)) : line
            grid.put(text, x: max(0, (grid.width - text.count) / 2), y: top + i, role: i == 0 ? .warn : .dim)
        }
    }
}
