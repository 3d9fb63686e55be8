import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The help overlay lists every key, whole, even on the smallest screen.
@Suite struct HelpOverlayTests {
    @Test func helpAt80x24ListsEveryKeyWrappingLongOnes() throws {
        var s = DashboardViewTests.state(width: 80, height: 24)
        _ = DashboardReducer.reduce(&s, .key(.char("?")))
        let grid = DashboardView.render(s)
        // The help box spans all 80 columns here: its rows, joined, hold every description whole.
        let top = try #require(grid.lines.firstIndex { $0.hasPrefix("  KEYS") })
        let bottom = try #require(grid.lines.firstIndex { $0.hasPrefix("  any key closes this") })
        let joined = grid.lines[top...bottom].map { $0.drop { $0 == " " } }.joined(separator: " ")
        for binding in KeyMap.bindings { #expect(joined.contains(binding.action), "\(binding.keys)") }
        #expect(grid.lines.contains { $0.drop { $0 == " " }.hasPrefix("v          expand the selected canary's verdict") })
        #expect(grid.lines.last!.hasPrefix("r rollback"))
    }

    @Test func helpWrapsAtSpaces() {
        #expect(HelpOverlay.wrap("cancel the countdown / discard the change", width: 20) == ["cancel the countdown", "/ discard the change"])
        #expect(HelpOverlay.wrap("short", width: 20) == ["short"])
    }
}
