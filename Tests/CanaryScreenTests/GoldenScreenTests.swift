import Foundation
import SnapshotTesting
import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// Golden screens: the whole dashboard, text and style roles, at 80×24, 120×40 and a size just
/// too small, compared exactly with the files in `__Snapshots__/GoldenScreenTests/`.
/// Re-record after a deliberate change with `SNAPSHOT_TESTING_RECORD=all swift test --filter
/// GoldenScreenTests`, then read the diff (docs/testing.md).
@Suite struct GoldenScreenTests {
    enum Scene: String, CaseIterable, Sendable {
        /// 30 s at 50/50, both alike: green PASS, the guard on and quiet.
        case healthy
        /// Green starts failing half its requests: FAIL, and the guard's countdown on the status line.
        case failing
        /// The countdown ran out: the guard rolled back, a new epoch with all traffic on blue.
        case rolledBack = "rolled-back"
        /// The healthy dashboard with `?` pressed.
        case help
        /// The healthy dashboard with green selected and `P` pressed: the question must show even tiny.
        case question
    }

    static let sizes = [Size(80, 24), Size(120, 40), Size(79, 23)]

    struct Size: Sendable, CustomStringConvertible {
        let width: Int, height: Int
        init(_ width: Int, _ height: Int) { (self.width, self.height) = (width, height) }
        var description: String { "\(width)x\(height)" }
    }

    /// Each scene's state, built once.
    static let states = Dictionary(uniqueKeysWithValues: Scene.allCases.map { ($0, run($0).state) })

    static func state(_ scene: Scene) -> DashboardState { states[scene]! }

    static func run(_ scene: Scene) -> GoldenRun {
        var run = GoldenRun()
        switch scene {
        case .healthy, .help, .question:
            run.run(30, green: .healthy)
            if scene == .help { run.press(.char("?")) }
            if scene == .question { run.press(.down, .char("P")) }
        case .failing:
            run.run(10, green: .healthy)
            run.runUntilCountdown(green: .failing)
            run.run(2, green: .failing)
        case .rolledBack:
            run.run(10, green: .healthy)
            run.runUntilCountdown(green: .failing)
            let effects = run.run(5, green: .failing)
            if effects.contains(where: { if case .write(.rollback, _) = $0 { true } else { false } }) {
                run.wrote("rollback: blue 50→100, green 50→0 (file)", blue: 100, green: 0)
            }
            run.run(6, green: .failing)
        }
        return run
    }

    @Test(arguments: Scene.allCases, sizes)
    func dashboard(_ scene: Scene, _ size: Size) {
        var state = Self.state(scene)
        _ = DashboardReducer.reduce(&state, .resize(width: size.width, height: size.height))
        assertSnapshot(of: DashboardView.render(state), as: .screen, named: "\(scene.rawValue)-\(size)", testName: "dashboard")
    }

    /// The dashboard's loop renders each frame into a grid that held an earlier one: every scene
    /// drawn over every other (same size, and a different one) is what a fresh grid gets (the
    /// golden `dashboard` checks), cell for cell.
    @Test(arguments: Scene.allCases, sizes)
    func renderedOverAnotherScreenIsTheSame(_ scene: Scene, _ size: Size) {
        var state = Self.state(scene)
        _ = DashboardReducer.reduce(&state, .resize(width: size.width, height: size.height))
        let fresh = DashboardView.render(state)
        for other in Scene.allCases where other != scene {
            for otherSize in [size, Size(size.width + 1, size.height)] {
                var before = Self.state(other)
                _ = DashboardReducer.reduce(&before, .resize(width: otherSize.width, height: otherSize.height))
                var reused = DashboardView.render(before)
                DashboardView.render(state, into: &reused)
                #expect(reused == fresh, "\(scene) over \(other) at \(otherSize)")
            }
        }
    }

    /// The scenes are what their names say, so a golden cannot quietly record something else.
    @Test func scenesAreWhatTheySay() {
        let healthy = Self.state(.healthy)
        #expect(healthy.verdict(of: "green")?.outcome == .pass)
        #expect(healthy.countdownLeft == nil && healthy.events.events.allSatisfy { $0.kind == .info })

        let failing = Self.state(.failing)
        #expect(failing.verdict(of: "green")?.outcome == .fail)
        #expect(failing.countdownLeft == 3)

        let back = Self.state(.rolledBack)
        #expect(back.split?.weights == [Weight(percent: 100), Weight(percent: 0)])
        #expect(back.snapshot?.epoch == 2)
        #expect(back.events.events.contains { $0.text == "rollback: blue 50→100, green 50→0 (file)" })

        #expect(Self.state(.help).showHelp)
        #expect(Self.state(.question).prompt == .promote("green"))
    }

    /// The golden format tells a screen from the same screen with one row's text moved one
    /// column, or one cell's role changed: what a layout or alignment slip looks like.
    @Test(arguments: [Size(80, 24), Size(120, 40)])
    func oneColumnOrOneRoleOffIsADifference(_ size: Size) throws {
        var state = Self.state(.failing)
        _ = DashboardReducer.reduce(&state, .resize(width: size.width, height: size.height))
        let grid = DashboardView.render(state)
        let golden = ScreenSnapshot.text(grid)
        let diffing = Snapshotting<Grid, String>.screen.diffing
        for y in 0..<grid.height where grid.line(y).contains(where: { $0 != " " }) {
            var moved = grid
            // Row y, one column to the right (the last cell falls off), or one to the left.
            for x in 0..<grid.width { moved[x, y] = x == 0 ? .blank : grid[x - 1, y] }
            #expect(diffing.diffV2(golden, ScreenSnapshot.text(moved)) != nil, "row \(y) moved right")
            for x in 0..<grid.width { moved[x, y] = x == grid.width - 1 ? .blank : grid[x + 1, y] }
            #expect(diffing.diffV2(golden, ScreenSnapshot.text(moved)) != nil, "row \(y) moved left")
        }
        var restyled = grid
        restyled[size.width - 1, size.height - 1].role = .bad
        #expect(diffing.diffV2(golden, ScreenSnapshot.text(restyled)) != nil)
        #expect(diffing.diffV2(golden, ScreenSnapshot.text(grid)) == nil)
    }

    /// Every golden on disk belongs to a scene and a size: none is left over from a renamed one.
    @Test func noGoldenIsLeftOver() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("__Snapshots__/GoldenScreenTests")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        let expected = Scene.allCases.flatMap { scene in Self.sizes.map { "dashboard.\(scene.rawValue)-\($0).txt" } }
        #expect(Set(files) == Set(expected))
    }
}
