import Foundation

/// Blocking work — waiting for a child process, polling a terminal, reading a file in a loop —
/// awaited from a test without holding a Swift-concurrency thread. The test process has as
/// many of those as cores (two here), and every test, server and deadline in it shares them:
/// one test blocking one for a minute stalls half the suite, and its deadlines with it.
public enum OwnThread {
    /// Runs `body` on a new thread and awaits its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
