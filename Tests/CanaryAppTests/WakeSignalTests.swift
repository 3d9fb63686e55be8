import CanaryCore
import CanaryTerminal
import CanaryTesting
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// The terminal read's wake-up, and the inbox that signals it.
@Suite(.sharedMachine) struct WakeSignalTests {
    @Test func aSignalBeforeTheWaitEndsItAtOnceAndIsConsumed() async throws {
        let wake = WakeSignal()
        wake.signal()
        wake.signal()  // two signals before a wait are one wake-up
        let reasons = try await Deadline.within(30, "a signalled wait returns") {
            try await OwnThread.run { [wake.wait(milliseconds: -1), wake.wait(milliseconds: 0)] }
        }
        #expect(reasons == [.woken, .timedOut])
        #expect(!wake.consume())
    }

    @Test func aSignalFromAnotherThreadEndsAWaitWithoutEnd() async throws {
        let wake = WakeSignal()
        let reason = try await Deadline.within(30, "the signal ends the wait") {
            try await OwnThread.run { () -> WakeSignal.Reason in
                Thread { wake.signal() }.start()
                return wake.wait(milliseconds: -1)
            }
        }
        #expect(reason == .woken)
    }

    @Test func readableInputEndsTheWaitAndTheSignalWinsWhenBothAre() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let wake = WakeSignal()
        #expect(wake.wait(milliseconds: 0, input: fds[0]) == .timedOut)
        var byte: UInt8 = 0x71
        #expect(write(fds[1], &byte, 1) == 1)
        #expect(wake.wait(milliseconds: -1, input: fds[0]) == .input)
        wake.signal()
        // A post and a key together: the post first, the key on the next wait.
        #expect(wake.wait(milliseconds: -1, input: fds[0]) == .woken)
        #expect(wake.wait(milliseconds: -1, input: fds[0]) == .input)
    }

    @Test func theInboxWakesAfterTheActionIsQueued() {
        let inbox = Inbox()
        let seen = Mutex<[[DashboardAction]]>([])
        inbox.post(.terminate)  // before any wake-up is set: queued, nothing called
        inbox.wakes { seen.withLock { $0.append(inbox.drain()) } }
        inbox.post(.note("one", .info))
        // The wake-up found the action already in the queue (and the one posted before).
        #expect(seen.withLock { $0 } == [[.terminate, .note("one", .info)]])
        #expect(inbox.drain().isEmpty)
    }

    @Test func theMemoryTerminalCountsTheReadsAWakeUpEnds() {
        let terminal = MemoryTerminal()
        #expect(terminal.read(timeoutMilliseconds: 10) == nil)
        terminal.wake.signal()
        #expect(terminal.read(timeoutMilliseconds: 10) == nil)
        #expect(terminal.wakeUps == 1)
        terminal.type(.key(.char("q")))
        terminal.wake.signal()
        #expect(terminal.read(timeoutMilliseconds: 10) == .key(.char("q")))  // a key first
    }
}
