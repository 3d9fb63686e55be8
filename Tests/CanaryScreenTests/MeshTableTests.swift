import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The MESH table and the header's `source:` on a fixed state: two sidecars' counts per
/// subset, drawn cell for cell (text and roles), the data's age from the snapshot's time.
@Suite struct MeshTableTests {
    /// Buckets at Envoy's default bounds with `counts` at bucket indexes.
    static func latency(_ counts: [Int: Int]) -> BucketCounts {
        var all = Array(repeating: 0, count: EnvoyStat.defaultLatencyBoundsMilliseconds.count + 1)
        for (i, n) in counts { all[i] = n }
        return BucketCounts(bounds: EnvoyStat.defaultLatencyBoundsMilliseconds.map { $0 / 1000 }, counts: all)
    }

    /// blue 100 requests in (25, 50] ms; green 100, half of them 500s, 60 in (1, 2.5] s and 3 timeouts.
    static func passive(faults: Int = 0, dataTime: Double? = 4.6) -> PassiveSnapshot {
        var blue = PassiveSubsetTally(subset: "blue", latency: latency([5: 100]))
        blue.requests = 100
        blue.byClass = [2: 100]
        var green = PassiveSubsetTally(subset: "green", latency: latency([5: 40, 10: 60]))
        green.requests = 100
        green.byClass = [2: 50, 5: 50]
        green.timeouts = 3
        return PassiveSnapshot(
            kind: .envoy, sourceCount: 2, subsets: [blue, green], epochSeconds: 10, dataTime: dataTime, reads: 12, faults: faults,
            lastFault: faults > 0 ? "http://127.0.0.1:19001/stats/prometheus?usedonly: connection refused" : nil, restarts: 1)
    }

    static func state(_ passive: PassiveSnapshot, width: Int = 120, height: Int = 40) -> DashboardState {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        tallies.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.005), at: 1)
        var snapshot = tallies.snapshot(at: 5)
        snapshot.passive = passive
        var s = DashboardState(setup: .init(target: "http://127.0.0.1:9090/", rate: "off", applyMode: "file", readOnly: false))
        _ = DashboardReducer.reduce(&s, .resize(width: width, height: height))
        _ = DashboardReducer.reduce(&s, .splitLoaded(DashboardViewTests.split(), external: false))
        _ = DashboardReducer.reduce(&s, .tick(snapshot, inFlight: 0, now: 5))
        return s
    }

    static func rows(_ grid: Grid) -> [String] {
        guard let top = grid.lines.firstIndex(where: { $0.hasPrefix("MESH source:") }) else { return [] }
        return grid.lines[top..<min(grid.lines.count, top + 4)].map { line in
            var text = line
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    @Test func theTableShowsEachSubsetsMeshCountsCellForCell() {
        let grid = DashboardView.render(Self.state(Self.passive()))
        #expect(Self.rows(grid) == [
            "MESH source: envoy ×2 · data 0.4s old · restarts 1",
            "MESH           WEIGHT   SHARE    REQS  REQ/S    5XX TIMEOUTS P50                      P99",
            "blue              50%   50.0%     100   10.0      0        0 ≈ 38 ms [25–50]          ≈ 50 ms [25–50]",
            // The column titles name the percentiles, so a bracket in the seconds fits its column whole.
            "green             50%   50.0%     100   10.0     50        3 ≈ 1250 ms [1000–2500]    ≈ 2475 ms [1000–2500]",
        ])
    }

    @Test func errorsAndTimeoutsAreDrawnAsBadAndZerosDim() throws {
        let grid = DashboardView.render(Self.state(Self.passive()))
        let top = try #require(grid.lines.firstIndex { $0.hasPrefix("MESH source:") })
        #expect(grid[0, top].role == .title)
        let columnX = 12 + 1 + 8 + 1 + 7 + 1 + 7 + 1 + 6 + 1   // the 5XX column
        let timeoutsX = columnX + 6 + 1
        // Right-aligned: the last cell of each column holds the digit.
        #expect(grid[columnX + 5, top + 2].role == .dim)      // blue 0
        #expect(grid[columnX + 5, top + 3].role == .bad)      // green 50
        #expect(grid[timeoutsX + 7, top + 2].role == .dim)
        #expect(grid[timeoutsX + 7, top + 3].role == .bad)
    }

    @Test func theHeaderNamesTheSourceAndTheDataAge() {
        let header = DashboardView.render(Self.state(Self.passive())).lines[0]
        #expect(header.contains("source: envoy ×2 (0.4s old)"), "\(header)")
        let none = DashboardView.render(Self.state(Self.passive(dataTime: nil))).lines[0]
        #expect(none.contains("source: envoy ×2 (no data)"), "\(none)")
    }

    @Test func aFaultWarnsInTheTitleAndTheHeader() throws {
        let grid = DashboardView.render(Self.state(Self.passive(faults: 2)))
        let top = try #require(grid.lines.firstIndex { $0.hasPrefix("MESH source:") })
        // Cut at the screen's edge.
        #expect(grid.lines[top].hasSuffix("faults 2: http://127.0.0.1:19001/stats/prometheus?usedonly: connect"))
        #expect(grid[0, top].role == .warn)
        let x = try #require(grid.lines[0].range(of: "source:").map { grid.lines[0].distance(from: grid.lines[0].startIndex, to: $0.lowerBound) })
        #expect(grid[x, 0].role == .warn)
    }
}
