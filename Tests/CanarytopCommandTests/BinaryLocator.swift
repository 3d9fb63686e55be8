import CanaryTesting
import Foundation

/// Finds the built `canarytop` binary next to the test bundle and runs it.
enum Canarytop {
    static var binary: URL {
        // The test bundle lives in .build/<triple>/debug/; the executable sits beside it.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("canarytop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("canarytop")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `arguments`, feeding `stdin`, and waits for it to exit, blocking
    /// the thread: only ever on a thread of its own (``runAsync(_:stdin:executable:environment:)``).
    private static func runBlocking(
        _ arguments: [String], stdin: String? = nil, executable: String? = nil, environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        // Standard error on a thread of its own: DispatchQueue.global()'s threads on Linux are the
        // Swift-concurrency pool's, and a read there held one for the child's whole run (with
        // two binaries running, the servers in this process answering them had no thread).
        // What bounds how many binaries run at once is the suites' `.sharedMachine` trait.
        let errDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var errData = Data()
        Thread {
            errData = PipeReading.all(err.fileHandleForReading.fileDescriptor)
            errDone.signal()
        }.start()
        let outData = PipeReading.all(out.fileHandleForReading.fileDescriptor)
        errDone.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Runs the binary with `arguments`, feeding `stdin`, and waits for it to exit, without
    /// blocking a Swift-concurrency thread while the child runs (servers in the test process
    /// need those threads to answer it).
    static func runAsync(
        _ arguments: [String], stdin: String? = nil, executable: String? = nil, environment: [String: String]? = nil
    ) async throws -> Result {
        try await OwnThread.run { try runBlocking(arguments, stdin: stdin, executable: executable, environment: environment) }
    }
}
