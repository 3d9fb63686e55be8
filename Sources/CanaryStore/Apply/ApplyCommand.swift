import Foundation

/// `--apply command`: after the file is written, run e.g. `consul config write {file}`.
///
/// `{file}` is replaced by the splitter's path, shell-quoted. The command runs under `/bin/sh -c`
/// with a timeout; its exit status and output are returned — a failure is reported, never swallowed.
public struct ApplyCommand: Sendable {
    /// The template as configured (`consul config write {file}`).
    public var template: String
    /// Seconds before the command is terminated (SIGTERM, then SIGKILL 2 s later).
    public var timeout: Double

    public init(template: String, timeout: Double = 30) {
        self.template = template
        self.timeout = timeout
    }

    /// The command line for `file`.
    public func commandLine(for file: String) -> String {
        template.replacingOccurrences(of: "{file}", with: Self.shellQuote(file))
    }

    /// Runs the command for `file`, waiting for it to finish or time out.
    public func run(for file: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", commandLine(for: file)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw StoreError.commandFailed(status: -1, output: "cannot start /bin/sh: \(error.localizedDescription)")
        }
        let collected = OutputCollector(handle: pipe.fileHandleForReading)
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        let output = collected.finish()
        return Result(status: process.terminationStatus, output: output, timedOut: timedOut)
    }

    /// What the command did.
    public struct Result: Sendable, Equatable {
        public var status: Int32
        /// stdout and stderr together, at most 64 KiB, trailing whitespace trimmed.
        public var output: String
        public var timedOut: Bool
        public var succeeded: Bool { status == 0 && !timedOut }
    }

    /// `'it'\''s'`-style quoting for `/bin/sh`.
    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Reads a pipe on a background thread until EOF, keeping at most 64 KiB.
private final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)

    init(handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                if data.count < 64 * 1024 { data.append(chunk.prefix(64 * 1024 - data.count)) }
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
