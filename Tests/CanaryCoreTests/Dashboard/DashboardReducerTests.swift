import Testing
@testable import CanaryCore

@Suite struct DashboardReducerTests {
    static func split(_ blue: Int = 50, _ green: Int = 50) -> SplitView {
        let entry = SplitterEntry(name: "payments", splits: [
            ServiceSplit(weight: Weight(percent: blue), serviceSubset: "blue"),
            ServiceSplit(weight: Weight(percent: green), serviceSubset: "green"),
        ])
        return SplitView(entry: entry, names: ["blue", "green"], stable: "blue", resolver: nil, version: "sha256:x")
    }

    static func state(readOnly: Bool = false) -> DashboardState {
        var s = DashboardState(setup: .init(target: "http://127.0.0.1:9090/", rate: "20/s", applyMode: "file", readOnly: readOnly))
        _ = DashboardReducer.reduce(&s, .splitLoaded(split(), external: false))
        return s
    }

    private func press(_ s: inout DashboardState, _ keys: Key...) -> [DashboardEffect] {
        keys.flatMap { DashboardReducer.reduce(&s, .key($0)) }
    }

    @Test func rollbackIsOneKeyUnconfirmedAndDropsStaged() {
        var s = Self.state()
        _ = press(&s, .down, .right)
        #expect(s.staged != nil)
        let effects = press(&s, .char("r"))
        #expect(effects == [.write(.rollback, reason: "operator rollback (r)")])
        #expect(s.staged == nil)
        #expect(s.prompt == nil)
        #expect(s.writesPending == 1)
    }

    @Test func arrowsStageByStepAndEnterApplies() {
        var s = Self.state()
        _ = press(&s, .down)            // green
        #expect(s.selectedName == "green")
        #expect(press(&s, .right).isEmpty)   // +5 (default step)
        #expect(s.staged == [Weight(percent: 45), Weight(percent: 55)])
        #expect(s.stagedChange?.summary == "blue 50→45, green 50→55")
        _ = press(&s, .char("]"), .char("l"))  // step 10, +10
        #expect(s.staged == [Weight(percent: 35), Weight(percent: 65)])
        let effects = press(&s, .enter)
        #expect(effects == [.write(.setAll(["blue": Weight(percent: 35), "green": Weight(percent: 65)]), reason: "operator applied blue 50→35, green 50→65")])
        // Staged stays visible until the write succeeds.
        #expect(s.staged != nil)
        _ = DashboardReducer.reduce(&s, .writeSucceeded(summary: "set: blue 50→35, green 50→65", split: Self.split(35, 65)))
        #expect(s.staged == nil)
        #expect(s.split?.weights == [Weight(percent: 35), Weight(percent: 65)])
        #expect(s.events.events.last?.kind == .change)
    }

    @Test func stepsCycleThroughOneFiveTenTwentyFive() {
        var s = Self.state()
        #expect(s.step == 5)
        _ = press(&s, .char("["), .char("["))
        #expect(s.step == 1)
        _ = press(&s, .char("]"), .char("]"), .char("]"), .char("]"))
        #expect(s.step == 25)
    }

    @Test func digitsSetTheSelectedSplitAndEscapeDiscards() {
        var s = Self.state()
        _ = press(&s, .down, .char("9"))
        #expect(s.staged == [Weight(percent: 10), Weight(percent: 90)])
        _ = press(&s, .char("0"))
        #expect(s.staged == [Weight(percent: 100), Weight(percent: 0)])
        _ = press(&s, .escape)
        #expect(s.staged == nil)
        #expect(press(&s, .enter).isEmpty)
    }

    @Test func stagingBackToCurrentWeightsClearsTheStage() {
        var s = Self.state()
        _ = press(&s, .down, .right, .left)
        #expect(s.staged == nil)
    }

    @Test func promoteAsksFirstAndFlushesTypeahead() {
        var s = Self.state()
        _ = press(&s, .down)
        #expect(press(&s, .char("P")) == [.flushTypeahead])
        #expect(s.prompt == .promote("green"))
        // Keys other than y/n/Esc/r do nothing while asking.
        #expect(press(&s, .char("x"), .enter).isEmpty)
        #expect(press(&s, .char("y")) == [.write(.promote("green"), reason: "operator promoted green (P)")])
        #expect(s.prompt == nil)
        _ = press(&s, .char("P"))
        #expect(press(&s, .char("n")).isEmpty)
        #expect(s.prompt == nil)
    }

    @Test func rollbackIsNeverHeldUpByAPrompt() {
        var s = Self.state()
        _ = press(&s, .down, .char("P"))
        #expect(press(&s, .char("r")) == [.write(.rollback, reason: "operator rollback (r)")])
        #expect(s.prompt == nil)
    }

    @Test func quitAsksOnlyWithAStagedChange() {
        var s = Self.state()
        #expect(press(&s, .char("q")) == [.quit])
        _ = press(&s, .down, .right)
        #expect(press(&s, .char("q")) == [.flushTypeahead])
        #expect(s.prompt == .quit)
        #expect(press(&s, .char("y")) == [.quit])
        var t = Self.state()
        _ = press(&t, .down, .right, .interrupt)
        #expect(press(&t, .interrupt) == [.quit])
    }

    @Test func terminateQuitsEvenWithAStagedChange() {
        var s = Self.state()
        _ = press(&s, .down, .right)
        #expect(DashboardReducer.reduce(&s, .terminate) == [.quit])
    }

    @Test func readOnlyDisablesEveryWriteKey() {
        var s = Self.state(readOnly: true)
        for key: Key in [.char("r"), .right, .left, .char("5"), .char("P"), .enter] {
            #expect(press(&s, key).isEmpty, "\(key)")
        }
        #expect(s.staged == nil)
        #expect(s.prompt == nil)
        #expect(s.events.events.last?.text.contains("read-only") == true)
    }

    @Test func pauseClearViewThemeAndHelp() {
        var s = Self.state()
        s.themeCount = 3
        #expect(press(&s, .char(" ")) == [.setPaused(true)])
        #expect(press(&s, .char(" ")) == [.setPaused(false)])
        #expect(press(&s, .char("c")) == [.clearTallies])
        _ = press(&s, .char("w"))
        #expect(s.viewMode == .window)
        _ = press(&s, .char("t"), .char("t"), .char("t"))
        #expect(s.themeIndex == 0)
        _ = press(&s, .char("?"))
        #expect(s.showHelp)
        // Any key closes help; `r` still rolls back.
        #expect(press(&s, .char("r")) == [.write(.rollback, reason: "operator rollback (r)")])
        #expect(!s.showHelp)
    }

    @Test func writeFailureKeepsTheStagedChangeAndRaisesAnAlert() {
        var s = Self.state()
        _ = press(&s, .down, .right, .enter)
        _ = DashboardReducer.reduce(&s, .writeFailed(message: "payments.hcl changed since it was read", conflict: true))
        #expect(s.staged == [Weight(percent: 45), Weight(percent: 55)])
        #expect(s.alert?.hasPrefix("CONFLICT") == true)
        #expect(s.writesPending == 0)
    }

    @Test func externalChangeIsReportedAndDiscardsAStaleStage() {
        var s = Self.state()
        _ = press(&s, .down, .right)
        _ = DashboardReducer.reduce(&s, .splitLoaded(Self.split(100, 0), external: true))
        #expect(s.staged == nil)
        #expect(s.events.events.contains { $0.text == "changed outside canarytop: blue 50→100, green 50→0" })
    }

    @Test func selectionStaysInRange() {
        var s = Self.state()
        _ = press(&s, .up, .up)
        #expect(s.selected == 0)
        _ = press(&s, .down, .down, .down)
        #expect(s.selectedName == "green")
    }

    @Test func newHopErrorsAndProbeFaultBurstsBecomeEvents() {
        var s = Self.state()
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        let timeout = FailingHop(path: ["web", "payments", "http://localhost:9091"], code: -1,
                                 error: "Error communicating with upstream service: Client.Timeout exceeded\u{1B}[2J")
        tallies.record(Observation(subset: "green", status: 500, body: .trace, failingHop: timeout, latency: 5), at: 1)
        _ = DashboardReducer.reduce(&s, .tick(tallies.snapshot(at: 1), inFlight: 0, now: 1))
        tallies.record(Observation(subset: "green", status: 500, body: .trace, failingHop: timeout, latency: 5), at: 2)
        tallies.recordProbeFault(.refused, latency: 0.001, at: 2)
        _ = DashboardReducer.reduce(&s, .tick(tallies.snapshot(at: 2), inFlight: 0, now: 2))
        tallies.recordProbeFault(.refused, latency: 0.001, at: 2.5)
        _ = DashboardReducer.reduce(&s, .tick(tallies.snapshot(at: 2.5), inFlight: 0, now: 2.5))
        // Summed per second: one line for the first second, none within the next.
        #expect(s.events.events.filter { $0.text.hasPrefix("probe faults") }.map(\.text) == ["probe faults: refused 1"])
        tallies.recordProbeFault(.refused, latency: 0.001, at: 3)
        _ = DashboardReducer.reduce(&s, .tick(tallies.snapshot(at: 3.1), inFlight: 0, now: 3.1))
        let texts = s.events.events.map(\.text)
        #expect(texts.filter { $0.hasPrefix("green: Error communicating") }.count == 1)
        #expect(!texts.joined().unicodeScalars.contains { $0.value == 0x1B })
        #expect(texts.contains("probe faults: refused 2"))
    }

    @Test func eventLogCollapsesRepeatsAndIsBounded() {
        var log = EventLog(capacity: 3)
        for i in 0..<5 { log.append(.init(time: Double(i), kind: .info, text: "e\(i)")) }
        #expect(log.events.map(\.text) == ["e2", "e3", "e4"])
        log.append(.init(time: 9, kind: .info, text: "e4"))
        #expect(log.events.count == 3)
        #expect(log.repeats == 1)
    }
}

/// The weight keys on a splitter Consul would refuse: relative keys are refused on the event
/// line with the key and Consul's words; keys that set every weight, and rollback, still work.
@Suite struct DashboardInvalidSplitterTests {
    private func state(_ blue: Int, _ green: Int) -> DashboardState {
        var s = DashboardState(setup: .init(target: "http://127.0.0.1:9090/", rate: "20/s", applyMode: "file", readOnly: false))
        _ = DashboardReducer.reduce(&s, .splitLoaded(DashboardReducerTests.split(blue, green), external: false))
        return s
    }

    @Test(arguments: [Key.right, .left, .char("l"), .char("h"), .char("+"), .char("-")])
    func relativeKeysAreRefusedWithTheKeyAndConsulsWords(key: Key) {
        var s = state(50, 30)
        _ = DashboardReducer.reduce(&s, .key(.down))
        #expect(DashboardReducer.reduce(&s, .key(key)).isEmpty)
        #expect(s.staged == nil)
        let event = s.events.events.last
        #expect(event?.kind == .warning)
        #expect(event?.text.hasPrefix("\(key.label) refused: refusing to shift toward green by ") == true, "\(event?.text ?? "")")
        #expect(event?.text.contains("the sum of all split weights must be 100, not 80.000000") == true)
        #expect(DashboardReducer.reduce(&s, .key(.enter)).isEmpty, "nothing staged, nothing written")
    }

    @Test func aDigitSetsBothOfTwoSplitsAndEnterWritesThemAll() {
        var s = state(50, 30)
        _ = DashboardReducer.reduce(&s, .key(.down))
        _ = DashboardReducer.reduce(&s, .key(.char("4")))
        #expect(s.staged == [Weight(percent: 60), Weight(percent: 40)])
        // Once staged weights are valid, a shift from them is fine: they are what is on screen.
        _ = DashboardReducer.reduce(&s, .key(.right))
        #expect(s.staged == [Weight(percent: 55), Weight(percent: 45)])
        let effects = DashboardReducer.reduce(&s, .key(.enter))
        #expect(effects == [.write(.setAll(["blue": Weight(percent: 55), "green": Weight(percent: 45)]), reason: "operator applied blue 50→55, green 30→45")])
    }

    @Test func anInvalidSplitterIsSaidOnceWhenLoaded() {
        var s = state(50, 30)
        let warnings = s.events.events.filter { $0.text.hasPrefix("splitter invalid: the sum of all split weights must be 100, not 80.000000") }
        #expect(warnings.count == 1 && warnings.first?.kind == .warning)
        _ = DashboardReducer.reduce(&s, .splitLoaded(DashboardReducerTests.split(50, 30), external: false))
        #expect(s.events.events.filter { $0.text.hasPrefix("splitter invalid") }.count == 1)
        _ = DashboardReducer.reduce(&s, .splitLoaded(DashboardReducerTests.split(50, 50), external: false))
        #expect(s.events.events.filter { $0.text.hasPrefix("splitter invalid") }.count == 1)
    }

    @Test func rollbackAlwaysWorks() {
        var s = state(50, 30)
        #expect(DashboardReducer.reduce(&s, .key(.char("r"))) == [.write(.rollback, reason: "operator rollback (r)")])
    }

    @Test func keyLabelsAreWhatWasPressed() {
        #expect(Key.right.label == "→")
        #expect(Key.char("l").label == "l")
        #expect(Key.char(" ").label == "space")
        #expect(Key.char("\u{1B}").label == "\u{FFFD}")
    }
}
