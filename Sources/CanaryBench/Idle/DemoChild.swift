import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `canarytop demo --serve-only` in a child process: the loopback fake-service mesh the idle
/// benchmark probes, kept out of this process so that its CPU time is not counted with ours.
final class DemoChild: Sendable {
    let webURL: String
    let splitterPath: String
    let resolverPath: String
    let directory: String
    private let pid: pid_t

    private init(webURL: String, splitterPath: String, resolverPath: String, directory: String, pid: pid_t) {
        self.webURL = webURL
        self.splitterPath = splitterPath
        self.resolverPath = resolverPath
        self.directory = directory
        self.pid = pid
    }

    /// Starts `executable demo --serve-only` on free ports with fresh working copies and
    /// `arguments` added, and waits (on a thread of its own) for its `ready:` line.
    static func start(executable: String, arguments: [String]) async throws -> DemoChild {
        let directory = NSTemporaryDirectory() + "canarytop-bench-idle-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["demo", "--serve-only", "--reset", "--dir", directory, "--port", "0", "--consul-port", "0", "--sidecar-port", "0"]
            + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(executable) demo: \(error)")
        }
        let pid = process.processIdentifier
        let lines: [String] = await withCheckedContinuation { continuation in
            Thread {
                var seen: [String] = []
                var pending = Data()
                // read(2) itself: FileHandle.availableData traps on EINTR, and a child's SIGCHLD
                // can interrupt the read.
                let fd = output.fileHandleForReading.fileDescriptor
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = read(fd, &buffer, buffer.count)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    pending.append(contentsOf: buffer[0..<n])
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        seen.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                        pending.removeSubrange(pending.startIndex...newline)
                    }
                    if seen.contains(where: { $0.hasPrefix("ready:") }) { break }
                }
                continuation.resume(returning: seen)
            }.start()
        }
        func value(_ key: String) -> String? {
            lines.first { $0.hasPrefix(key + ": ") }.map { String($0.dropFirst(key.count + 2)) }
        }
        guard lines.contains(where: { $0.hasPrefix("ready:") }), let web = value("web"), let splitter = value("splitter"),
              let resolver = value("resolver") else {
            kill(pid, SIGKILL)
            throw BenchError("the demo did not get ready; it printed: \(lines.suffix(3).joined(separator: " / "))")
        }
        return DemoChild(webURL: web, splitterPath: splitter, resolverPath: resolver, directory: directory, pid: pid)
    }

    /// Stops the child (SIGTERM, as Ctrl-C would) and waits for it on a thread of its own.
    func stop() async {
        let pid = self.pid, directory = self.directory
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                kill(pid, SIGTERM)
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
                try? FileManager.default.removeItem(atPath: directory)
                continuation.resume()
            }.start()
        }
    }
}
