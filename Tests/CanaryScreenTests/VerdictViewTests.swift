import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The VERDICT column and the expanded verdict (`v`), drawn from verdicts the real judge gave.
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

    // MARK: - The expanded verdict

    @Test func expandedVerdictShowsCountsTestsPValuesAndThresholds() throws {
        var s = Self.failing().state()
        press(&s, .down, .char("v"))
        let verdict = try #require(s.verdict(of: "green"))
        let errors = try #require(verdict.checks.first { $0.kind == .errors })
        let latency = try #require(verdict.checks.first { $0.kind == .latency })
        let figures = try #require(latency.latency)
        let text = DashboardView.render(s).text

        #expect(text.contains("VERDICT green vs blue  FAIL"))
        #expect(text.contains("alpha 0.01, one-sided"))
        #expect(text.contains("this epoch: canary 100 replies (20.0/s), stable 100"))
        // 5xx: counts, effect against its threshold, p-value, test.
        #expect(text.contains("5xx      FAIL  canary 100/100 vs stable 0/100  +100.0pp, max 1pp  p=\(VerdictCheck.format(p: errors.pValue))"))
        #expect(text.contains("Fisher exact, one-sided"))
        #expect(errors.pValue < 1e-9 && text.contains("e-"))
        // Latency: both p99s and p50s, the change against its threshold, the tail beyond the limit.
        #expect(text.contains("latency  FAIL  p99 5.00s vs \(Format.latency(figures.stableP99)):"))
        #expect(text.contains("%, max 20%"))
        #expect(text.contains("p50 5.00s vs \(Format.latency(figures.stableP50))"))
        #expect(text.contains("beyond \(Format.latency(figures.limit)): canary 100/100 vs stable 0/100"))
        #expect(text.contains("Mann-Whitney U p=\(VerdictCheck.format(p: figures.mannWhitneyP)) + tail Fisher p=\(VerdictCheck.format(p: figures.tailP)), Bonferroni ×2"))
        let required = try #require(errors.requiredRequests)
        #expect(required > 100)
        #expect(text.contains("PASS needs \(Format.count(required)) canary replies (\(Format.count(required - 100)) more)"))
        #expect(text.contains("time to signal: now (decided)"))
        #expect(text.contains("no --slo: requests in flight are not judged"))
        // The charts make room; `v` again brings them back.
        #expect(!text.contains("TRENDS"))
        press(&s, .char("v"))
        #expect(DashboardView.render(s).text.contains("TRENDS"))
    }

    @Test func expandedVerdictOfAnEarlyCanaryGivesTheTimeToSignal() throws {
        var s = Self.early().state()
        press(&s, .down, .char("v"))
        let verdict = try #require(s.verdict(of: "green"))
        let more = try #require(verdict.moreRequests)
        let text = DashboardView.render(s).text
        #expect(text.contains("VERDICT green vs blue  INCONCLUSIVE (\(more) more requests needed)"))
        #expect(text.contains("time to signal \(Format.eta(Double(more) / 10)): \(more) more canary replies at 10.0/s"))
        #expect(text.contains("5xx      INCONC  canary 0/50 vs stable 0/50  +0.0pp, max 1pp  p=1"))
    }

    @Test func withoutStableRepliesNoSampleSizeIsClaimed() throws {
        var script = ReplyScript()
        script.record("green", 40)
        var s = script.state()
        press(&s, .down, .char("v"))
        #expect(s.verdict(of: "green")?.outcome == .inconclusive(more: nil))
        let grid = DashboardView.render(s)
        #expect(try #require(grid.row(startingWith: "green ")).hasSuffix(" INCONC"))
        let text = grid.text
        #expect(text.contains("VERDICT green vs blue  INCONCLUSIVE  alpha"))
        #expect(text.contains("no sample size: no stable replies yet"))
        #expect(text.contains("time to signal unknown: no stable replies to compare with"))
    }

    @Test func aStableFailingAlmostEverythingLeavesNoSampleSize() throws {
        var script = ReplyScript()
        script.record("blue", 100, status: 500)
        script.record("green", 100, status: 500)
        var s = script.state()
        press(&s, .down, .char("v"))
        let errors = try #require(s.verdict(of: "green")?.checks.first { $0.kind == .errors })
        #expect(errors.requiredRequests == nil && errors.stableTotal == 100)
        let text = DashboardView.render(s).text
        #expect(text.contains("VERDICT green vs blue  INCONCLUSIVE  alpha"))
        #expect(!text.contains("no stable replies"))
        #expect(text.contains("no sample size: the stable's rate leaves no room for the max rise"))
        #expect(text.contains("time to signal unknown: no sample size for a check (see needs)"))
    }

    @Test func sloCheckCountsSlowRequestsInFlightAgainstTheCanary() throws {
        var script = Self.early()
        script.seconds = 10
        // Three requests sent at 1 s, 2 s and 9.5 s are still out at 10 s: two past the 2 s SLO.
        var s = script.state(verdict: VerdictPolicy(slo: 2), sentTimes: [1, 2, 9.5])
        #expect(s.slowInFlight == 2)
        press(&s, .down, .char("v"))
        let grid = DashboardView.render(s)
        #expect(grid.lines[0].contains("slow in flight 2"))
        #expect(grid.role(of: "slow in flight 2", onRow: 0) == .warn)
        let text = grid.text
        #expect(text.contains("SLO      INCONC") || text.contains("SLO      FAIL"))
        #expect(text.contains("over 2.00s: canary 2/52 (incl. 2 in flight) vs stable 0/50"))
        #expect(text.contains("SLO 2.00s: 2 in flight past it, 2 charged to green (canary)"))
    }

    @Test(arguments: [120, 80])
    func expandedVerdictOnTheStableRowAsksForACanary(width: Int) {
        var s = Self.failing().state(width: width, height: 24)
        press(&s, .char("v"))
        let grid = DashboardView.render(s)
        #expect(grid.lines.contains { $0.hasPrefix("blue is the stable subset, the one canaries are judged against:") })
        #expect(grid.lines.contains { $0.contains("select a canary row (↑/↓) to see its verdict") })
        #expect(!grid.text.contains("VERDICT blue"))
        #expect(grid.lines.allSatisfy { $0.count <= width })
    }

    @Test func aSplitWithNoWeightAndNoRepliesHasNoVerdictAndSaysWhy() {
        var script = ReplyScript()
        script.record("blue", 50)
        var s = script.state(split: ReplyScript.split(100, 0))
        press(&s, .down, .char("v"))
        #expect(s.selectedName == "green" && s.verdict(of: "green") == nil)
        let grid = DashboardView.render(s)
        #expect(grid.text.contains("green has no verdict: no weight and no replies this epoch;"))
        let green = grid.row(startingWith: "green ")
        #expect(green?.contains("INCONC") == false && green?.contains("PASS") == false && green?.hasSuffix("stable") == false)
    }

    @Test func expandedVerdictFitsAt80x24() throws {
        var s = Self.failing().state(width: 80, height: 24, verdict: VerdictPolicy(slo: 1))
        press(&s, .down, .char("v"))
        let grid = DashboardView.render(s)
        #expect(grid.lines.allSatisfy { $0.count <= 80 })
        #expect(try #require(grid.row(startingWith: "green ")).hasSuffix(" FAIL"))
        for kind in ["5xx      FAIL", "SLO      FAIL", "latency  FAIL"] { #expect(grid.lines.contains { $0.hasPrefix(kind) }, "\(kind)") }
        #expect(grid.lines.contains { $0.hasPrefix("EVENTS") })
        #expect(grid.lines.last!.hasPrefix("r rollback"))
    }

    @Test(arguments: [(80, 24), (100, 26), (79, 23), (40, 10), (1, 1), (0, 0)])
    func expandedVerdictNeverTraps(width: Int, height: Int) {
        for script in [Self.failing(), Self.early()] {
            var s = script.state(width: width, height: height, verdict: VerdictPolicy(slo: 1))
            press(&s, .down, .char("v"))
            let grid = DashboardView.render(s)
            #expect(grid.width == width && grid.height == height)
        }
    }

    @Test func aShortAreaKeepsTheFirstLineOfEachCheck() throws {
        var s = Self.failing().state(width: 80, height: 24, verdict: VerdictPolicy(slo: 1))
        press(&s, .down, .char("v"))
        var grid = Grid(width: 80, height: 5)
        VerdictPanel(state: s).render(into: &grid, area: grid.bounds)
        #expect(grid.lines[0].hasPrefix("VERDICT green vs blue  FAIL"))
        #expect(grid.lines[1].hasPrefix("5xx      FAIL  canary 100/100"))
        #expect(grid.lines[2].hasPrefix("SLO      FAIL"))
        #expect(grid.lines[3].hasPrefix("latency  FAIL  p99 5.00s"))
        #expect(grid.lines[4].hasPrefix("time to signal: now"))
    }

    @Test func cuttingToHeightDropsTheLegendThenTheLongestGroupsTails() {
        let line = { (text: String) in [TextFlow.Span(text)] }
        let groups = [[line("title")], [line("a1"), line("a2"), line("a3")], [line("b1"), line("b2")], [line("legend")]]
        let cut = { (height: Int) in VerdictPanel.fit(groups, height: height).map { $0[0].text } }
        #expect(cut(7) == ["title", "a1", "a2", "a3", "b1", "b2", "legend"])
        #expect(cut(6) == ["title", "a1", "a2", "a3", "b1", "b2"])
        #expect(cut(5) == ["title", "a1", "a2", "b1", "b2"])
        #expect(cut(4) == ["title", "a1", "a2", "b1"])
        #expect(cut(2) == ["title", "a1", "b1"])   // never below one line a group; the grid cuts the rest
    }

    @Test func fieldsWrapWholeOntoIndentedLines() {
        let fields: [TextFlow.Field] = [[TextFlow.Span("5xx")], [TextFlow.Span("canary 1/2")], [TextFlow.Span("p=0.5")]]
        let text = { (width: Int) in TextFlow.lines(fields, width: width, indent: 4).map { $0.map(\.text).joined() } }
        #expect(text(40) == ["5xx  canary 1/2  p=0.5"])
        #expect(text(16) == ["5xx  canary 1/2", "    p=0.5"])
        // Too narrow: a field wider than the line gets a line of its own; the indent shrinks to fit.
        #expect(text(8) == ["5xx", "canary 1/2", "   p=0.5"])
    }
}
