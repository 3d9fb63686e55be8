import Testing
@testable import CanaryCore

@Suite struct ReplayPaceTests {
    @Test func playsAtEachSpeedFromWhereItIs() {
        var pace = ReplayPace(start: 0, end: 100, wall: 1000)
        #expect(pace.recorded(at: 1000) == 0)
        #expect(pace.recorded(at: 1005) == 5)
        pace.setSpeed(.x10, at: 1005, shown: 5)
        #expect(pace.recorded(at: 1006) == 15)
        pace.setSpeed(.x2, at: 1006, shown: 15)
        #expect(pace.recorded(at: 1008) == 19)
        // Never past the end.
        #expect(pace.recorded(at: 5000) == 100)
    }

    @Test func pauseHoldsTheMomentAndResumeGoesOnFromIt() {
        var pace = ReplayPace(start: 10, end: 100, wall: 0)
        pace.setPaused(true, at: 3, shown: 13)
        #expect(pace.recorded(at: 3) == 13)
        #expect(pace.recorded(at: 60) == 13)
        pace.setPaused(false, at: 60, shown: 13)
        #expect(pace.recorded(at: 61) == 14)
    }

    @Test func maxSpeedAsksForTheEndAndLeavingItGoesOnFromWhereTheReaderGot() {
        var pace = ReplayPace(speed: .x1, start: 0, end: 100, wall: 0)
        pace.setSpeed(.max, at: 1, shown: 1)
        #expect(pace.recorded(at: 1) == 100)
        pace.setSpeed(.x1, at: 2, shown: 40)
        #expect(pace.recorded(at: 2) == 40)
        #expect(pace.recorded(at: 3) == 41)
        pace.setSpeed(.max, at: 3, shown: 41)
        pace.setPaused(true, at: 4, shown: 55)
        #expect(pace.recorded(at: 9) == 55)
    }

    @Test func seekShowsThatMomentPausedOrNot() {
        var pace = ReplayPace(start: 0, end: 100, wall: 0)
        pace.seek(to: 70, at: 5)
        #expect(pace.recorded(at: 6) == 71)
        pace.setPaused(true, at: 6, shown: 71)
        pace.seek(to: 20, at: 7)
        #expect(pace.recorded(at: 50) == 20)
        pace.seek(to: -5, at: 50)
        #expect(pace.recorded(at: 50) == 0)
    }

    @Test func speedsCycleBackToOne() {
        #expect(ReplayPace.Speed.allCases.map(\.label) == ["1×", "2×", "10×", "max"])
        #expect(ReplayPace.Speed.max.next == .x1 && ReplayPace.Speed.x2.next == .x10)
    }
}
