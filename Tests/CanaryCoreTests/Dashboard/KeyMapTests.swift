import Testing
@testable import CanaryCore

/// The key map is the one table of keys: the reducer dispatches on it, the key bar and the help
/// screen draw it.
@Suite struct KeyMapTests {
    @Test(arguments: [false, true])
    func everyBindingsKeysDispatchToItsCommand(answering: Bool) {
        for binding in answering ? KeyMap.answers : KeyMap.bindings {
            #expect(!binding.keys.isEmpty, "\(binding.label)")
            for bound in binding.keys {
                #expect(KeyMap.command(for: bound.key, answering: answering) == bound.command, "\(binding.label): \(bound.key)")
            }
        }
    }

    @Test(arguments: [false, true])
    func noKeyIsBoundTwice(answering: Bool) {
        let keys = (answering ? KeyMap.answers : KeyMap.bindings).flatMap(\.keys).map(\.key)
        var seen: Set<Key> = []
        for key in keys { #expect(seen.insert(key).inserted, "\(key) is bound twice") }
    }

    @Test func everyDashboardCommandHasAKeyAndAnswersOnlyAnswer() {
        let commands = Set(KeyMap.bindings.flatMap(\.keys).map(\.command))
        let named: [DashboardCommand] = [
            .rollback, .selectPrevious, .selectNext, .shiftAway, .shiftToward, .smallerStep, .largerStep, .apply, .cancel,
            .promote, .togglePause, .toggleVerdict, .toggleWindow, .clearTallies, .nextTheme, .help, .quit,
        ]
        let replay: [DashboardCommand] = [
            .replaySpeed, .replaySeek(.epoch, forward: false), .replaySeek(.epoch, forward: true),
            .replaySeek(.verdict, forward: false), .replaySeek(.verdict, forward: true),
        ]
        let expected = Set(named + replay + (0...9).map { DashboardCommand.stage(percent: $0 * 10) })
        // The replay's keys show only in a replay; the write keys are hidden there (read-only).
        #expect(KeyMap.visible(readOnly: false).allSatisfy { !$0.replay })
        #expect(Set(KeyMap.visible(readOnly: true, replay: true).filter(\.replay).flatMap(\.keys).map(\.command)) == Set(replay))
        #expect(commands == expected)
        #expect(Set(KeyMap.answers.flatMap(\.keys).map(\.command)) == [.confirm, .decline, .interrupt, .rollback])
    }

    @Test func digitsStageTenths() {
        #expect(KeyMap.command(for: .char("1")) == .stage(percent: 10))
        #expect(KeyMap.command(for: .char("9")) == .stage(percent: 90))
        #expect(KeyMap.command(for: .char("0")) == .stage(percent: 0))
        #expect(KeyMap.command(for: .char("٣")) == nil)   // a digit, but not one of ours
    }

    @Test func unboundKeysDoNothing() {
        var s = DashboardReducerTests.state()
        let before = s
        for key: Key in [.tab, .backspace, .pageUp, .home, .function(2), .char("x"), .char("R"), .char("y")] {
            #expect(DashboardReducer.reduce(&s, .key(key)).isEmpty, "\(key)")
        }
        #expect(s == before)
    }

    @Test func helpClosesWithTheKeysThatOpenOrCancelIt() {
        for key: Key in [.char("?"), .function(1), .escape] {
            var s = DashboardReducerTests.state()
            _ = DashboardReducer.reduce(&s, .key(.function(1)))
            #expect(s.showHelp)
            #expect(DashboardReducer.reduce(&s, .key(key)).isEmpty)
            #expect(!s.showHelp, "\(key)")
        }
    }

    @Test func eventsAreStampedWithTheStatesTime() {
        var s = DashboardReducerTests.state()
        _ = DashboardReducer.reduce(&s, .tick(Tallies(subsets: ["blue"], startingAt: 0).snapshot(at: 7), inFlight: 0, now: 7))
        _ = DashboardReducer.reduce(&s, .key(.char("c")))
        #expect(s.events.events.last == DashboardEvent(time: 7, kind: .info, text: "tallies cleared"))
    }
}

@Suite struct ReplayKeysTests {
    static func state(replay: Bool) -> DashboardState {
        var setup = DashboardState.Setup(target: "http://x/", rate: "20/s", applyMode: "none", readOnly: replay)
        setup.replay = replay
        return DashboardState(setup: setup)
    }

    @Test func inAReplayTheKeysSteerThePlaybackAndTheWriteKeysAreRefused() {
        var s = Self.state(replay: true)
        #expect(DashboardReducer.reduce(&s, .key(.char("s"))) == [.replay(.speed(.x2))])
        #expect(DashboardReducer.reduce(&s, .key(.char("s"))) == [.replay(.speed(.x10))])
        #expect(DashboardReducer.reduce(&s, .key(.char(","))) == [.replay(.seek(.epoch, forward: false))])
        #expect(DashboardReducer.reduce(&s, .key(.char(">"))) == [.replay(.seek(.verdict, forward: true))])
        #expect(DashboardReducer.reduce(&s, .key(.char("r"))).isEmpty)
        #expect(s.events.events.last?.text == "read-only: weight keys are disabled")
        #expect(DashboardReducer.reduce(&s, .key(.char("c"))).isEmpty)
        #expect(s.events.events.last?.text == "replay: the tallies are the recording's; c is off")
        #expect(DashboardReducer.reduce(&s, .key(.char(" "))) == [.setPaused(true)])
        #expect(s.events.events.last?.text == "replay paused")
    }

    @Test func outsideAReplayTheReplayKeysDoNothing() {
        var s = Self.state(replay: false)
        for key in ["s", ",", ".", "<", ">"] {
            #expect(DashboardReducer.reduce(&s, .key(.char(Character(key)))).isEmpty)
        }
        #expect(s.events.events.isEmpty)
    }
}
