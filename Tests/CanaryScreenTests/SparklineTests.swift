import Testing
@testable import CanaryScreen

@Suite struct SparklineTests {
    /// A small rate and none both draw `▁`; only the role tells them apart: zero is dim, not bad.
    @Test func zerosAreDimGapsDottedEpochsMarked() {
        var grid = Grid(width: 6, height: 1)
        Sparkline(values: [0, 0.01, 0.5, nil, 1, 0], epochStarts: [false, false, false, false, false, true], ceiling: 1)
            .render(into: &grid, x: 0, y: 0, width: 6, role: .bad)
        #expect(grid.line(0) == "▁▁▅·█│")
        #expect((0..<6).map { grid[$0, 0].role } == [.dim, .bad, .bad, .dim, .bad, .marker])
    }
}
