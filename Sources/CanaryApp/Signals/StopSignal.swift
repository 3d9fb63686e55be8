import Dispatch
import Foundation
import Synchronization

/// Waits for SIGINT or SIGTERM without the default handlers killing the process.
///
/// Both signals are ignored and watched with dispatch signal sources, so a signal that
/// arrives before anyone waits is not lost.
public final class StopSignal: Sendable {
    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private let state = Mutex(State())
    private let sources = Mutex<[SourceBox]>([])

    /// A dispatch source is thread-safe; the box lets it live in a `Mutex`.
    private struct SourceBox: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }

    public init() {
        let queue = DispatchQueue(label: "canarytop.demo.signals")
        var installed: [SourceBox] = []
        for number in [SIGINT, SIGTERM] {
            IgnoredSignals.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
            installed.append(SourceBox(source: source))
        }
        sources.withLock { $0 = installed }
    }

    private func deliver(_ number: Int32) {
        let waiter = state.withLock { s -> CheckedContinuation<Int32, Never>? in
            if s.received == nil { s.received = number }
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: number)
    }

    /// The first signal received (at once if one already came).
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let received = state.withLock { s -> Int32? in
                if let r = s.received { return r }
                s.waiter = continuation
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
    }

    /// Stops watching; the signals keep being ignored until the process ends.
    public func cancel() {
        sources.withLock { list in
            list.forEach { $0.source.cancel() }
            list.removeAll()
        }
    }
}
