import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The dashboard as text, given a state built from real tallies.
@Suite struct DashboardViewTests {
    static func split(_ blue: Int = 50, _ green: Int = 50) -> SplitView {
        let entry = SplitterEntry(name: "payments", splits: [
            ServiceSplit(weight: Weight(percent: blue), serviceSubset: "blue"),
            ServiceSplit(weight: Weight(percent: green), serviceSubset: "green"),
        ])
        return SplitView(entry: entry, names: ["blue", "green"], stable: "blue", resolver: nil, version: "sha256:abc")
    }

    /// 100 blue replies at 5 ms, 100 green at 5 s with 500s, 3 unattributed 503s, 2 refused probes.
    static func state(width: Int = 120, height: Int = 40, readOnly: Bool = false) -> DashboardState {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        for i in 0..<100 {
            let t = Double(i) * 0.05
            tallies.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.005), at: t)
            tallies.record(Observation(subset: "green", status: 500, body: .trace,
                                       failingHop: FailingHop(path: ["web", "api-v1", "http://localhost:9091"], code: -1, error: "Client.Timeout exceeded"),
                                       latency: 5.0), at: t)
        }
        for _ in 0..<3 { tallies.record(Observation(subset: nil, status: 503, body: .notATrace(.notJSON(preview: "upstream connect error")), latency: 0.001), at: 4) }
        tallies.recordProbeFault(.refused, latency: 0.0002, at: 4.5)
        tallies.recordProbeFault(.refused, latency: 0.0002, at: 4.6)
        var s = DashboardState(setup: .init(target: "http://127.0.0.1:9090/", rate: "20/s", applyMode: "file", readOnly: readOnly))
        _ = DashboardReducer.reduce(&s, .resize(width: width, height: height))
        _ = DashboardReducer.reduce(&s, .splitLoaded(split(), external: false))
        _ = DashboardReducer.reduce(&s, .tick(tallies.snapshot(at: 5), inFlight: 3, now: 5))
        return s
    }

    private func row(_ grid: Grid, startingWith prefix: String) -> String? {
        grid.lines.first { $0.hasPrefix(prefix) }
    }

    @Test func tableShowsEachRowWithItsNumbers() throws {
        let grid = DashboardView.render(Self.state())
        let blue = try #require(row(grid, startingWith: "blue "))
        #expect(blue.contains("50%"))
        #expect(blue.contains(" 100 "))
        #expect(blue.contains("5.00ms"))
        let green = try #require(row(grid, startingWith: "green "))
        #expect(green.contains(" 100 "))
        #expect(green.contains("100.0%"))   // 5xx rate
        #expect(green.contains("5.00s"))
        let unattributed = try #require(row(grid, startingWith: "unattributed"))
        #expect(unattributed.contains(" 3 "))
        let faults = try #require(row(grid, startingWith: "probe faults"))
        #expect(faults.contains("refused 2"))
        #expect(grid.lines[0].contains("http://127.0.0.1:9090/"))
        #expect(grid.lines[0].contains("epoch 1"))
        #expect(grid.lines[0].contains("in flight 3"))
    }

    @Test func fiveXXCellsAreDrawnAsBad() throws {
        let grid = DashboardView.render(Self.state())
        let y = try #require(grid.lines.firstIndex { $0.hasPrefix("green ") })
        let cells = (0..<grid.width).map { grid[$0, y].text }
        let x = try #require((0..<(grid.width - 6)).first { cells[$0..<($0 + 6)].joined() == "100.0%" })
        #expect(grid[x, y].role == .bad)
    }

    @Test func stagedChangeShowsArrowsAndTheStatusLine() {
        var s = Self.state()
        _ = DashboardReducer.reduce(&s, .key(.down))
        _ = DashboardReducer.reduce(&s, .key(.right))
        let grid = DashboardView.render(s)
        #expect(grid.lines.contains { $0.hasPrefix("green") && $0.contains("50→55") })
        #expect(grid.lines[1].contains("STAGED blue 50→45, green 50→55"))
    }

    @Test func driftIsFlaggedWhenTheWeightLiesOutsideTheInterval() {
        var s = Self.state()
        _ = DashboardReducer.reduce(&s, .splitLoaded(Self.split(90, 10), external: true))
        let grid = DashboardView.render(s)
        #expect(grid.lines.contains { $0.hasPrefix("green") && $0.contains("[") && $0.contains(" !") })
    }

    @Test func eventsPaneShowsSanitisedNotes() {
        var s = Self.state()
        _ = DashboardReducer.reduce(&s, .note("green: Client.Timeout exceeded\u{1B}[2J", .failure))
        let grid = DashboardView.render(s)
        #expect(grid.lines.contains { $0.contains("green: Client.Timeout exceeded\u{FFFD}[2J") })
        #expect(!grid.cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1B } })
    }

    @Test func readOnlyShowsABannerAndHidesWriteKeys() {
        let grid = DashboardView.render(Self.state(readOnly: true))
        #expect(grid.lines[1].contains("READ-ONLY"))
        #expect(!grid.lines.last!.contains("rollback"))
        let normal = DashboardView.render(Self.state())
        #expect(normal.lines.last!.hasPrefix("r rollback"))
    }

    @Test func promptTakesTheStatusLine() {
        var s = Self.state()
        _ = DashboardReducer.reduce(&s, .key(.down))
        _ = DashboardReducer.reduce(&s, .key(.char("P")))
        #expect(DashboardView.render(s).lines[1].contains("Promote green to 100 %? y to confirm"))
    }

    @Test func helpListsEveryKey() {
        var s = Self.state()
        _ = DashboardReducer.reduce(&s, .key(.char("?")))
        let text = DashboardView.render(s).lines.joined(separator: "\n")
        for binding in KeyMap.bindings where !binding.replay { #expect(text.contains(binding.action), "\(binding.label)") }
        #expect(!text.contains("replay speed"))
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func fitsTheMinimumAndUsesSpaceWhenLarger(width: Int, height: Int) {
        let grid = DashboardView.render(Self.state(width: width, height: height))
        #expect(grid.width == width && grid.height == height)
        #expect(grid.lines.contains { $0.hasPrefix("blue ") })
        #expect(grid.lines.contains { $0.hasPrefix("probe faults") })
        #expect(grid.lines.last!.hasPrefix("r rollback"))
    }

    @Test(arguments: [80, 110, 200])
    func keyBarKeepsHelpAndQuitWhateverElseGoes(width: Int) {
        let keys = DashboardView.render(Self.state(width: width, height: 24)).lines.last!
        #expect(keys.hasPrefix("r rollback  ↑/↓ select  ←/→ weight  [/] step"))
        #expect(keys.hasSuffix("? help  q quit"))
        #expect(keys.count <= width)
        if width >= 200 { #expect(keys.contains("v verdict  w window  ? help")) }
        let readOnly = DashboardView.render(Self.state(width: width, height: 24, readOnly: true)).lines.last!
        #expect(readOnly.hasSuffix("? help  q quit") && !readOnly.contains("rollback"))
    }

    /// A row's two sparklines are as wide, so a column is the same second in both (and an epoch
    /// mark lines up), whatever the width, once the history is longer than either.
    @Test func trendSparklinesOfARowCoverTheSameSeconds() throws {
        var run = GoldenRun()
        run.run(45, green: .healthy)
        for width in [80, 81, 109, 110, 120, 121, 140] {
            var s = run.state
            _ = DashboardReducer.reduce(&s, .resize(width: width, height: 30))
            let line = try #require(DashboardView.render(s).lines.first { $0.hasPrefix("green ") && $0.contains(" p99 ") }, "\(width)")
            let p99 = try #require(line.range(of: "p99 ")), errors = try #require(line.range(of: "5xx "))
            let blocks = { (text: Substring) in text.prefix { Sparkline.blocks.contains($0) || $0 == "│" }.count }
            #expect(blocks(line[p99.upperBound...]) == blocks(line[errors.upperBound...]), "\(width)")
            #expect(blocks(line[p99.upperBound...]) < 45, "\(width): the history is longer than the sparkline")
        }
    }

    /// Below 110 columns there is no histogram beside the trends, so the charts take only the
    /// sparklines' rows and the events pane gets the rest; wider, the histogram's bins need twice as many.
    @Test(arguments: [(80, 24, 3), (109, 30, 3), (110, 30, 5), (200, 60, 5)])
    func chartsTakeTheRowsTheyDraw(width: Int, height: Int, rows: Int) throws {
        let lines = DashboardView.render(Self.state(width: width, height: height)).lines
        let trends = try #require(lines.firstIndex { $0.hasPrefix("TRENDS") })
        #expect(lines.firstIndex { $0.hasPrefix("EVENTS") } == trends + rows)
        #expect(lines.contains { $0.contains("LATENCY blue") } == (width >= 110))
    }

    @Test(arguments: [(79, 23), (40, 10), (1, 1), (0, 0)])
    func smallTerminalsGetAMessageAndNeverTrap(width: Int, height: Int) {
        let grid = DashboardView.render(Self.state(width: width, height: height))
        #expect(grid.width == width && grid.height == height)
        if width >= 40 {
            #expect(grid.lines.contains { $0.contains("Terminal too small: \(width)×\(height)") })
            #expect(grid.lines.contains { $0.contains("at least 80×24") })
        }
    }

}
