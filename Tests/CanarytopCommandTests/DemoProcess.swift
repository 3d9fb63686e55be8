import CanaryTesting
import Foundation
import Synchronization

/// A `canarytop demo` child process whose output is read line by line as it comes.
///
/// Waiting is event-driven: a reader thread hands each line to whoever waits for it. The
/// timeouts are safety nets that fail a stuck test, not clocks that measure it.
final class DemoProcess: Sendable {
    private struct State {
        var lines: [String] = []
        var closed = false
        var waiters: [UInt64: Waiter] = [:]
        var next: UInt64 = 0
    }

    private struct Waiter {
        var match: @Sendable (String) -> Bool
        var continuation: CheckedContinuation<String, any Error>
    }

    struct Timeout: Error, CustomStringConvertible {
        let what: String
        let output: [String]
        var description: String { "no line \(what) in:\n" + output.joined(separator: "\n") }
    }

    private let process: Process
    private let state = Mutex(State())
    private let stderr: Pipe

    private init(process: Process, stderr: Pipe) {
        self.process = process
        self.stderr = stderr
    }

    /// Starts `canarytop <arguments>` and returns once it printed its `ready:` line (or the
    /// first line `ready` accepts: a watch's summary, say).
    static func start(
        _ arguments: [String], environment: [String: String]? = nil,
        ready: @escaping @Sendable (String) -> Bool = { $0.hasPrefix("ready:") }
    ) async throws -> DemoProcess {
        let process = Process()
        process.executableURL = Canarytop.binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let demo = DemoProcess(process: process, stderr: err)
        try process.run()
        let reader = Thread { demo.read(out.fileHandleForReading) }
        reader.start()
        _ = try await demo.line(ready)
        return demo
    }

    private func read(_ handle: FileHandle) {
        var pending = Data()
        while true {
            let chunk = PipeReading.chunk(handle.fileDescriptor)
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                deliver(line)
            }
        }
        let waiters = state.withLock { s in
            s.closed = true
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        let output = lines
        for w in waiters { w.continuation.resume(throwing: Timeout(what: "(output ended)", output: output)) }
    }

    private func deliver(_ line: String) {
        let ready = state.withLock { s in
            s.lines.append(line)
            let matched = s.waiters.filter { $0.value.match(line) }
            for id in matched.keys { s.waiters[id] = nil }
            return matched.values.map(\.continuation)
        }
        ready.forEach { $0.resume(returning: line) }
    }

    /// Every line printed so far.
    var lines: [String] { state.withLock { $0.lines } }

    /// The value of the first `key: value …` line: its first word (`web` → `http://127.0.0.1:41234`,
    /// `consul` → `127.0.0.1:8500` from `consul: 127.0.0.1:8500 (a stand-in …)`).
    func value(_ key: String) -> String? {
        lines.first { $0.hasPrefix(key + ": ") }
            .flatMap { $0.dropFirst(key.count + 2).split(separator: " ").first.map(String.init) }
    }

    /// The first line (already printed or still to come) that `match` accepts.
    func line(timeout: Double = 60, _ match: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { s -> Result<String, any Error>? in
                if let seen = s.lines.first(where: match) { return .success(seen) }
                if s.closed { return .failure(Timeout(what: "(output ended)", output: s.lines)) }
                s.next += 1
                s.waiters[s.next] = Waiter(match: match, continuation: continuation)
                let id = s.next
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                    let (waiter, output) = state.withLock { ($0.waiters.removeValue(forKey: id), $0.lines) }
                    waiter?.continuation.resume(throwing: Timeout(what: "within \(timeout) s", output: output))
                }
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Sends `signal` and waits for the process to end; returns its status and standard error.
    func stop(signal: Int32 = SIGTERM) async -> (status: Int32, stderr: String) {
        kill(process.processIdentifier, signal)
        return await withCheckedContinuation { continuation in
            Thread { [self] in
                let err = PipeReading.all(stderr.fileHandleForReading.fileDescriptor)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: err, as: UTF8.self)))
            }.start()
        }
    }
}
