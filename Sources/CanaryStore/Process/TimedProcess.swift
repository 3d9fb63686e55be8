import Foundation

/// A program canarytop runs on the user's behalf (`--apply command`'s shell, `kubectl`), with a
/// deadline: past `timeout` seconds it is sent SIGTERM, and SIGKILL 2 s later. Standard input is
/// `/dev/null`; standard output and error are gathered (at most 64 KiB each), apart or as one
/// stream. The one place canarytop starts a child process.
public struct TimedProcess: Sendable {
    /// The program: an absolute path.
    public var executable: String
    public var arguments: [String]
    /// Seconds before the program is stopped.
    public var timeout: Double
    /// Standard error goes into ``Result/stdout`` too, interleaved as written (for a shell command's output).
    public var mergeStandardError: Bool

    public init(executable: String, arguments: [String], timeout: Double, mergeStandardError: Bool = false) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
        self.mergeStandardError = mergeStandardError
    }

    /// What the program did.
    public struct Result: Sendable, Equatable {
        public var status: Int32
        /// Trailing whitespace trimmed.
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
        public var succeeded: Bool { status == 0 && !timedOut }
    }

    /// Runs the program, waiting for it to finish or time out; throws only when it cannot start.
    /// The wait happens on a thread of its own: a `kubectl` or `consul config write` taking
    /// seconds must not hold one of the few Swift-concurrency threads the probe, the screen
    /// and the guard share.
    public func run() async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try runBlocking() }) }.start()
        }
    }

    private func runBlocking() throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = mergeStandardError ? out : Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw TimedProcessError(description: "cannot start \(executable): \(error.localizedDescription)")
        }
        let collectedOut = OutputCollector(handle: out.fileHandleForReading)
        let collectedErr = mergeStandardError ? nil : OutputCollector(handle: err.fileHandleForReading)
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        return Result(status: process.terminationStatus, stdout: collectedOut.finish(), stderr: collectedErr?.finish() ?? "",
                      timedOut: timedOut)
    }

    /// `name` as the shell finds it: itself when it holds a `/`, else the first executable
    /// `name` on `path` (`$PATH`); `nil` when there is none.
    public static func locate(_ name: String, path: String?) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (path ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The program could not be started at all.
public struct TimedProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Reads a pipe on a background thread until EOF, keeping at most 64 KiB.
private final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)

    init(handle: FileHandle) {
        let thread = Thread { [self] in
            // read(2) itself, not FileHandle.availableData: that traps on EINTR, and the
            // program's own exit (SIGCHLD) can interrupt the read.
            let fd = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                lock.lock()
                if data.count < 64 * 1024 { data.append(contentsOf: buffer[0..<min(n, 64 * 1024 - data.count)]) }
                lock.unlock()
            }
            finished.signal()
        }
        thread.start()
    }

    func finish() -> String {
        // A grandchild may keep the pipe open; do not wait for it for long.
        _ = finished.wait(timeout: .now() + 1)
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
