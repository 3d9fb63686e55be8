import Foundation
import Synchronization

/// An operation that might hang, raced against a deadline: the test fails instead of hanging.
///
/// The operation runs in a task of its own and is not awaited past the deadline (a hung probe
/// does not answer cancellation), so the test returns at the deadline at the latest; `onTimeout`
/// may then release what the operation is stuck on (stop a runner, close a server).
///
/// ```swift
/// let counts = try await Deadline.within(5, "the probe run") { try await runner.run() } onTimeout: { runner.stop() }
/// ```
public enum Deadline {
    /// The deadline passed before the operation finished.
    public struct Exceeded: Error, CustomStringConvertible {
        public let what: String
        public let seconds: Double
        public var description: String { "\(what) did not finish within \(seconds) s" }
    }

    public static func within<T: Sendable>(
        _ seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T,
        onTimeout: @escaping @Sendable () -> Void = {}
    ) async throws -> T {
        let race = Race<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.waiting(continuation)
            let run = Task {
                do {
                    race.finish(.success(try await operation()))
                } catch {
                    race.finish(.failure(error))
                }
            }
            let timer = Task {
                try? await Task.sleep(for: .nanoseconds(Int64(seconds * 1e9)))
                guard !Task.isCancelled else { return }
                onTimeout()
                race.finish(.failure(Exceeded(what: what, seconds: seconds)))
            }
            Task {
                await run.value
                timer.cancel()
            }
        }
    }

    /// Whoever finishes first resumes the waiting test; the other finds nobody waiting.
    private final class Race<T: Sendable>: Sendable {
        private let slot = Mutex<CheckedContinuation<T, any Error>?>(nil)

        func waiting(_ continuation: CheckedContinuation<T, any Error>) {
            slot.withLock { $0 = continuation }
        }

        func finish(_ result: Result<T, any Error>) {
            let waiting = slot.withLock { s -> CheckedContinuation<T, any Error>? in
                defer { s = nil }
                return s
            }
            waiting?.resume(with: result)
        }
    }
}
