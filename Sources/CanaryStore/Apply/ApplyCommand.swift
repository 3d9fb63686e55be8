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
    public func run(for file: String) async throws -> Result {
        let result: TimedProcess.Result
        do {
            result = try await TimedProcess(executable: "/bin/sh", arguments: ["-c", commandLine(for: file)], timeout: timeout,
                                      mergeStandardError: true).run()
        } catch {
            throw StoreError.commandFailed(status: -1, output: "\(error)")
        }
        return Result(status: result.status, output: result.stdout, timedOut: result.timedOut)
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
