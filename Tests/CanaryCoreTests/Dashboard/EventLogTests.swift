import Testing
@testable import CanaryCore

/// ``EventLog/since(_:)``: what a reader that prints events (the headless loop) has not seen yet.
@Suite struct EventLogTests {
    private func event(_ text: String) -> DashboardEvent { .init(time: 0, kind: .info, text: text) }

    @Test func sinceGivesOnlyTheEventsAddedAfterTheReaderLastLooked() {
        var log = EventLog(capacity: 10)
        log.append(event("a"))
        log.append(event("b"))
        #expect(log.since(0).map(\.text) == ["a", "b"])
        let seen = log.appended
        log.append(event("c"))
        #expect(log.since(seen).map(\.text) == ["c"])
        #expect(log.since(log.appended).isEmpty)
    }

    @Test func aRepeatIsNotNewAndEventsDroppedForSpaceAreSkipped() {
        var log = EventLog(capacity: 2)
        log.append(event("a"))
        let seen = log.appended
        log.append(event("a"))
        #expect(log.since(seen).isEmpty)
        for text in ["b", "c", "d"] { log.append(event(text)) }
        #expect(log.appended == 4)
        // Three were added since, only two are still kept.
        #expect(log.since(seen).map(\.text) == ["c", "d"])
    }
}
