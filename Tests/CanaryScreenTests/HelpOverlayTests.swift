import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The help overlay lists every key, whole, even on the smallest screen.
@Suite struct HelpOverlayTests {
    @Test func aReplaysHelpListsItsKeysAndNoWriteKeysAndItsHeaderSaysReplay() throws {
        var s = DashboardViewTests.state(width: 80, height: 24)
        s.setup.readOnly = true
        s.setup.replay = true
        s.replaySpeed = .x10
        let screen = DashboardView.render(s).lines
        #expect(screen.contains { $0.contains("REPLAY 10×") && $0.contains("READ-ONLY") }, "\(screen.prefix(3))")
        _ = DashboardReducer.reduce(&s, .key(.char("?")))
        let grid = DashboardView.render(s)
        let joined = grid.lines.map { $0.drop { $0 == " " } }.joined(separator: " ")
        for binding in KeyMap.visible(readOnly: true, replay: true) { #expect(joined.contains(binding.action), "\(binding.label)") }
        #expect(joined.contains("replay speed: 1×, 2×, 10×, as fast as possible"))
        #expect(!joined.contains("roll back now"))
    }

    @Test func helpAt80x24ListsEveryKeyWrappingLongOnes() throws {
        var s = DashboardViewTests.state(width: 80, height: 24)
        _ = DashboardReducer.reduce(&s, .key(.char("?")))
        let grid = DashboardView.render(s)
        // The help box spans all 80 columns here: its rows, joined, hold every description whole.
        let top = try #require(grid.lines.firstIndex { $0.hasPrefix("  KEYS") })
        let bottom = try #require(grid.lines.firstIndex { $0.hasPrefix("  any key closes this") })
        let joined = grid.lines[top...bottom].map { $0.drop { $0 == " " } }.joined(separator: " ")
        for binding in KeyMap.bindings where !binding.replay { #expect(joined.contains(binding.action), "\(binding.label)") }
        #expect(grid.lines.contains { $0.drop { $0 == " " }.hasPrefix("v          expand the selected canary's verdict") })
        #expect(grid.lines.last!.hasPrefix("r rollback"))
    }

    /// Wider than its box, help still hides the whole body: no piece of the table, the charts or
    /// the events shows beside the keys.
    @Test(arguments: [(120, 40), (200, 60)])
    func helpHidesTheBodyBesideItsBox(width: Int, height: Int) {
        var s = DashboardViewTests.state(width: width, height: height)
        _ = DashboardReducer.reduce(&s, .note("an event", .info))
        _ = DashboardReducer.reduce(&s, .key(.char("?")))
        let lines = DashboardView.render(s).lines
        let body = lines[2..<(height - 1)].joined(separator: "\n")
        for piece in ["SUBSET", "TRENDS", "LATENCY", "EVENTS", "an event", "█", "▁"] { #expect(!body.contains(piece), "\(piece)") }
        #expect(body.contains("KEYS") && lines[0].hasPrefix("canarytop") && lines[height - 1].hasPrefix("r rollback"))
    }

    @Test func helpWrapsAtSpaces() {
        #expect(HelpOverlay.wrap("cancel the countdown / discard the change", width: 20) == ["cancel the countdown", "/ discard the change"])
        #expect(HelpOverlay.wrap("short", width: 20) == ["short"])
    }
}
