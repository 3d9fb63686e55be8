@testable import CanaryProbe
import Testing

/// Every request ends in exactly one reply or fault, whatever the connection does.
@Suite struct ExchangeStateMachineTests {
    @Test func replyWithKeepAliveReturnsToIdle() {
        var m = ExchangeStateMachine(maxBody: 10)
        m.sent()
        #expect(m.head(status: 200, keepAlive: true) == .none)
        #expect(m.body(count: 6) == .keepBody)
        #expect(m.body(count: 4) == .keepBody)
        #expect(m.end() == .reply(status: 200, keepAlive: true))
        #expect(m.isIdle)
    }

    @Test func replyWithoutKeepAliveClosesTheConnection() {
        var m = ExchangeStateMachine(maxBody: 10)
        m.sent()
        _ = m.head(status: 503, keepAlive: false)
        #expect(m.end() == .reply(status: 503, keepAlive: false))
        #expect(m.state == .closed)
    }

    @Test func bodyOverTheCapIsAFaultAndTheRestIsIgnored() {
        var m = ExchangeStateMachine(maxBody: 10)
        m.sent()
        _ = m.head(status: 200, keepAlive: true)
        #expect(m.body(count: 8) == .keepBody)
        #expect(m.body(count: 3) == .fault(.oversized))
        #expect(m.body(count: 3) == .none)
        #expect(m.end() == .none)
        #expect(m.closed() == .none)
    }

    @Test func closeBeforeOrDuringTheReplyIsAReset() {
        var waiting = ExchangeStateMachine(maxBody: 10)
        waiting.sent()
        #expect(waiting.closed() == .fault(.reset))
        var reading = ExchangeStateMachine(maxBody: 10)
        reading.sent()
        _ = reading.head(status: 200, keepAlive: true)
        #expect(reading.closed() == .fault(.reset))
        var idle = ExchangeStateMachine(maxBody: 10)
        #expect(idle.closed() == .none)
    }

    @Test func errorsAndTimeoutsEndTheRequestOnce() {
        var m = ExchangeStateMachine(maxBody: 10)
        m.sent()
        #expect(m.timedOut() == .fault(.timeout))
        #expect(m.error(.reset) == .none)
        #expect(m.closed() == .none)
        var idle = ExchangeStateMachine(maxBody: 10)
        #expect(idle.error(.reset) == .close)
        #expect(idle.timedOut() == .none)
    }

    @Test func aReplyNobodyAskedForClosesTheConnection() {
        var m = ExchangeStateMachine(maxBody: 10)
        #expect(m.head(status: 200, keepAlive: true) == .close)
        #expect(m.state == .closed)
    }
}
