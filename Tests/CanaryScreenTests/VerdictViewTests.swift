import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The VERDICT column, drawn from verdicts the real judge gave.
@Suite struct VerdictViewTests {
    /// Green answers every request with a slow 500; blue is healthy.
    static func failing() -> ReplyScript {
        var script = ReplyScript()
        script.record("blue", 100)
        script.record("green", 100, status: 500, latencies: [5.0])
        return script
    }

    /// Both healthy and alike, with more replies than the checks need for their power.
    static func passing() -> ReplyScript {
        var script = ReplyScript()
        script.seconds = 60
        script.record("blue", 1500)
        script.record("green", 1500)
        return script
    }

    /// Both healthy and alike, but only 50 replies each: too few to tell.
    static func early() -> ReplyScript {
        var script = ReplyScript()
        script.record("blue", 50)
        script.record("green", 50)
        return script
    }

    private func press(_ s: inout DashboardState, _ keys: Key...) {
        for key in keys { _ = DashboardReducer.reduce(&s, .key(key)) }
    }

    private func rowIndex(_ grid: Grid, _ prefix: String) throws -> Int {
        try #require(grid.lines.firstIndex { $0.hasPrefix(prefix) })
    }

    // MARK: - The column

    @Test func failingCanaryIsFAILAndTheStableRowSaysStable() throws {
        let s = Self.failing().state()
        #expect(s.verdict(of: "green")?.outcome == .fail)
        let grid = DashboardView.render(s)
        let header = try #require(grid.row(startingWith: "SUBSET"))
        #expect(header.hasSuffix("VERDICT"))
        let green = try rowIndex(grid, "green ")
        #expect(grid.lines[green].hasSuffix(" FAIL"))
        #expect(grid.role(of: "FAIL", onRow: green) == .bad)
        let blue = try rowIndex(grid, "blue ")
        #expect(grid.lines[blue].hasSuffix(" stable"))
        // Unattributed and probe-fault rows are not judged: no verdict text at all.
        let faults = try #require(grid.row(startingWith: "probe faults"))
        #expect(!faults.contains("PASS") && !faults.contains("FAIL") && !faults.contains("stable"))
    }

    @Test func canaryWithEnoughAlikeRepliesIsPASS() throws {
        let s = Self.passing().state()
        #expect(s.verdict(of: "green")?.outcome == .pass)
        let grid = DashboardView.render(s)
        let green = try rowIndex(grid, "green ")
        #expect(grid.lines[green].hasSuffix(" PASS"))
        // The selection paints row 0 (blue); green keeps its role.
        #expect(grid.role(of: "PASS", onRow: green) == .good)
    }

    @Test func inconclusiveCanarySaysHowManyMoreAndWhenAsWidthAllows() throws {
        let script = Self.early()
        let verdict = try #require(script.state().verdict(of: "green"))
        let more = try #require(verdict.moreRequests)
        #expect(more > 0)
        let seconds = try #require(verdict.secondsToSignal)
        #expect(seconds == Double(more) / 10)   // 50 replies in 5 s
        let n = Format.count(more)

        let wide = DashboardView.render(script.state(width: 200))
        #expect(try #require(wide.row(startingWith: "green ")).hasSuffix(" INCONC \(n) more \(Format.eta(seconds))"))
        #expect(wide.role(of: "INCONC", onRow: try rowIndex(wide, "green ")) == .dim)
        let narrow = DashboardView.render(script.state(width: 80, height: 24))
        #expect(try #require(narrow.row(startingWith: "green ")).hasSuffix(" … \(n) more"))
    }

    @Test func verdictCellsFitTheirColumn() {
        #expect(VerdictCell.fit(VerdictCell.inconclusive(more: 1138, seconds: 113.8), width: 20) == "INCONC 1138 more ~2m")
        #expect(VerdictCell.fit(VerdictCell.inconclusive(more: 1138, seconds: 113.8), width: 15) == "… 1138 more ~2m")
        #expect(VerdictCell.fit(VerdictCell.inconclusive(more: 1138, seconds: 113.8), width: 11) == "… 1138 more")
        #expect(VerdictCell.fit(VerdictCell.inconclusive(more: 123_456, seconds: nil), width: 10) == "… 123.5k")
        #expect(VerdictCell.fit(VerdictCell.inconclusive(more: nil, seconds: nil), width: 10) == "INCONC")
    }

    @Test func verdictColumnOutlastsLowPriorityColumnsAt80() throws {
        let grid = DashboardView.render(Self.failing().state(width: 80, height: 24))
        let header = try #require(grid.row(startingWith: "SUBSET"))
        #expect(header.contains("VERDICT") && header.contains("P99"))
        #expect(!header.contains("P90") && !header.contains("MAX"))
        #expect(try #require(grid.row(startingWith: "green ")).hasSuffix(" FAIL"))
        #expect(grid.lines.allSatisfy { $0.count <= 80 })
    }
}
