import SnapshotTesting
@testable import CanaryScreen

extension Snapshotting where Value == Grid, Format == String {
    /// A whole rendered screen as text, compared exactly line by line: every row at full width
    /// between `|` bars (so a cell moved one column, a stray space or a lost trailing space all
    /// show, and no editor can trim the file), then the same frame with one letter per cell for
    /// its style role (see ``ScreenSnapshot/letter(_:)``).
    static var screen: Snapshotting {
        Snapshotting<String, String>.lines.pullback(ScreenSnapshot.text)
    }
}

enum ScreenSnapshot {
    static func text(_ grid: Grid) -> String {
        let rule = "+" + String(repeating: "-", count: grid.width) + "+"
        let text = (0..<grid.height).map { "|" + grid.line($0) + "|" }
        let roles = (0..<grid.height).map { y in "|" + (0..<grid.width).map { letter(grid[$0, y].role) }.joined() + "|" }
        return (["\(grid.width)×\(grid.height)", rule] + text + [rule, "", "roles: \(legend)", rule] + roles + [rule]).joined(separator: "\n") + "\n"
    }

    /// One distinct letter per role; blank for `normal`, so styled cells stand out.
    static func letter(_ role: StyleRole) -> String {
        switch role {
        case .normal: " "
        case .dim: "d"
        case .title: "T"
        case .banner: "B"
        case .good: "g"
        case .bad: "X"
        case .warn: "w"
        case .selected: "S"
        case .staged: "s"
        case .key: "k"
        case .chart: "c"
        case .marker: "m"
        }
    }

    static var legend: String {
        StyleRole.allCases.filter { $0 != .normal }.map { "\(letter($0))=\($0.name)" }.joined(separator: " ")
    }
}
