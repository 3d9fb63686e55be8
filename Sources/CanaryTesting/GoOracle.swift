import Foundation
import Synchronization

/// A reference program written in Go against the libraries Consul itself uses (Debian's
/// packages, built in GOPATH mode: no module download), for differential tests.
///
/// Tests compare canarytop with the program's answers when `go` and the packages are
/// installed, and with a recorded copy of its answers otherwise; ``availability`` says which.
public struct GoOracle: Sendable {
    /// Where Debian installs Go libraries (`golang-github-…-dev`).
    public static let debianGopath = "/usr/share/gocode"

    public let binary: String

    /// nil when `go` and every import path in `packages` are present; otherwise why not.
    /// `CANARYTOP_REFERENCE=recorded` in the environment forces the recorded answers (to see
    /// what a machine without Go runs).
    public static func unavailability(packages: [String]) -> String? {
        if ProcessInfo.processInfo.environment["CANARYTOP_REFERENCE"] == "recorded" { return "CANARYTOP_REFERENCE=recorded" }
        guard goExecutable() != nil else { return "go is not installed (apt-get install golang-go)" }
        let missing = packages.filter { !FileManager.default.fileExists(atPath: "\(debianGopath)/src/\($0)") }
        return missing.isEmpty ? nil : "missing Go packages under \(debianGopath): " + missing.joined(separator: ", ")
    }

    /// The program in `sourceDirectory`, built once per test process (into a directory of its
    /// own under the temporary directory) however many tests ask for it.
    public static func shared(sourceDirectory: String) async throws -> GoOracle {
        let build = builds.withLock { running in
            if let build = running[sourceDirectory] { return build }
            let name = URL(fileURLWithPath: sourceDirectory).lastPathComponent
            let output = ownDirectory + "/" + name
            if running.isEmpty { sweepDirectories() }
            let build = Task {
                try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                return try await Self.build(sourceDirectory: sourceDirectory, output: output)
            }
            running[sourceDirectory] = build
            return build
        }
        return try await build.value
    }

    private static let builds = Mutex<[String: Task<GoOracle, any Error>]>([:])

    /// This process's oracles: `canarytop-oracles-PID` in the temporary directory.
    private static let ownDirectory = directory(of: getpid())

    private static func directory(of pid: pid_t) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-oracles-\(pid)").path
    }

    /// Removes this process's oracles when it exits, and those of test processes that ended
    /// without doing so (killed, crashed): a directory whose process is gone.
    private static func sweepDirectories() {
        atexit { try? FileManager.default.removeItem(atPath: GoOracle.ownDirectory) }
        let temporary = FileManager.default.temporaryDirectory.path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] {
            guard entry.hasPrefix("canarytop-oracles-"), let pid = pid_t(entry.dropFirst("canarytop-oracles-".count)),
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(atPath: directory(of: pid))
        }
    }

    /// Builds the `main.go` in `sourceDirectory` into `output` (a file path). `go build` runs
    /// on a thread of its own: a cold build takes tens of seconds, and holding one of the few
    /// Swift-concurrency threads that long starves every other test in the process.
    public static func build(sourceDirectory: String, output: String, timeout: TimeInterval = 300) async throws -> GoOracle {
        guard let go = goExecutable() else { throw Failure("go is not installed") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-gopath").path
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-gocache").path
        var environment = ProcessInfo.processInfo.environment
        environment["GO111MODULE"] = "off"
        environment["GOPATH"] = "\(work):\(debianGopath)"
        environment["GOCACHE"] = environment["GOCACHE"] ?? cache
        environment["GOFLAGS"] = ""
        environment["GOTOOLCHAIN"] = "local"
        // One package at a time on one thread: the rest of the suite runs beside the build.
        environment["GOMAXPROCS"] = "1"
        let settings = environment
        let result = try await OwnThread.run {
            try run(go, ["build", "-p", "1", "-o", output, "main.go"], directory: sourceDirectory, environment: settings,
                    input: Data(), timeout: timeout)
        }
        guard result.status == 0 else { throw Failure("go build in \(sourceDirectory) failed: \(result.errorText)") }
        return GoOracle(binary: output)
    }

    /// Runs the program with `input` on stdin; returns its stdout.
    public func answer(_ input: Data, timeout: TimeInterval = 120) async throws -> Data {
        let binary = self.binary
        let result = try await OwnThread.run { try Self.run(binary, [], directory: nil, environment: nil, input: input, timeout: timeout) }
        guard result.status == 0 else { throw Failure("\(binary) exited \(result.status): \(result.errorText)") }
        return result.output
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    private static func goExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/go" } + ["/usr/lib/go/bin/go"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program with files for stdin/stdout/stderr (no pipe to fill) under a deadline.
    private static func run(
        _ executable: String, _ arguments: [String], directory: String?, environment: [String: String]?,
        input: Data, timeout: TimeInterval
    ) throws -> (status: Int32, output: Data, errorText: String) {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let inPath = scratch.file("stdin"), outPath = scratch.file("stdout"), errPath = scratch.file("stderr")
        try input.write(to: URL(fileURLWithPath: inPath))
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle(forReadingAtPath: inPath)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw Failure("\(executable) did not finish within \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        let output = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output, errors)
    }
}
