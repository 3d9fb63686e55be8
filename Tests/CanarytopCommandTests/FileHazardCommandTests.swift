import CanaryTesting
import Foundation
import Testing

/// `canarytop split` as a careless operator runs it: through a symbolic link, on a read-only
/// file, on a full disk, killed by SIGINT/SIGTERM in the middle of writes. The config is never
/// half-written, silently overwritten or lost, and no temporary file is left beside it.
@Suite(.sharedMachine) struct FileHazardCommandTests {
    static func workshop(_ dir: TemporaryDirectory, _ name: String = "payments_splitter.hcl") throws -> String {
        try dir.write(name, try SplitCommandTests.fixture("payments_splitter.hcl"))
    }

    @Test func aSymbolicLinkIsWrittenThrough() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("gitops"), withIntermediateDirectories: true)
        _ = try Self.workshop(dir, "gitops/payments.hcl")
        try FileManager.default.createSymbolicLink(atPath: dir.file("payments_splitter.hcl"), withDestinationPath: "gitops/payments.hcl")
        let r = try await Canarytop.runAsync(["split", "set", dir.file("payments_splitter.hcl"), "green=10"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try dir.read("gitops/payments.hcl").contains("weight = 10,\n    service_subset = \"green\""))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("payments_splitter.hcl")) == "gitops/payments.hcl")
        #expect(try dir.entries() == ["gitops", "payments_splitter.hcl", "payments_splitter.hcl.journal"])
    }

    @Test(arguments: [["set", "green=10"], ["rollback"]])
    func aReadOnlyFileIsRefusedInOneLine(_ operation: [String]) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.workshop(dir)
        chmod(path, 0o444)
        let r = try await Canarytop.runAsync(["split", operation[0], path] + operation.dropFirst())
        #expect(r.status == 1)
        #expect(r.stderr == "Error: \(path) is read-only (mode 0444); nothing written: make it writable (chmod u+w) if canarytop may change it\n")
        #expect(try dir.read("payments_splitter.hcl") == (try SplitCommandTests.fixture("payments_splitter.hcl")))
        // The attempt is journaled (every try is), as not written.
        #expect(try dir.entries() == ["payments_splitter.hcl", "payments_splitter.hcl.journal"])
        let line = try #require(JSONSerialization.jsonObject(with: Data(try dir.read("payments_splitter.hcl.journal").utf8)) as? [String: Any])
        #expect((line["result"] as? String)?.hasPrefix("not written: \(path) is read-only") == true, "\(line)")
    }

    /// A file in a directory anyone may write to, owned by root and not writable by the user
    /// running canarytop: replacing it by rename would have worked, and handed it to that user.
    @Test func aFileTheUserMayNotWriteIsRefusedEvenInAWritableDirectory() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.workshop(dir)
        chmod(dir.path, 0o777)
        var args = ["split", "set", path, "green=10"]
        let r: Canarytop.Result
        if geteuid() == 0 {
            args = ["--reuid=65534", "--regid=65534", "--clear-groups", Canarytop.binary.path] + args
            r = try await Canarytop.runAsync(args, executable: "/usr/bin/setpriv", environment: ProcessInfo.processInfo.environment)
            #expect(r.stderr.contains("is not writable by this user (mode 0644, owner 0); nothing written"), "\(r.stderr)")
        } else {
            chmod(path, 0o444)
            r = try await Canarytop.runAsync(args)
            #expect(r.stderr.contains("is read-only"), "\(r.stderr)")
        }
        #expect(r.status == 1)
        #expect(try dir.read("payments_splitter.hcl") == (try SplitCommandTests.fixture("payments_splitter.hcl")))
        var info = stat()
        stat(path, &info)
        #expect(info.st_uid == geteuid())
    }

    @Test func aFullDiskLeavesTheFileAsItWasAndNoTemporaryFile() async throws {
        let disk = try FullDisk()
        defer { disk.remove() }
        let original = try SplitCommandTests.fixture("payments_splitter.hcl")
        let path = disk.dir.file("payments_splitter.hcl")
        try disk.fill()
        let r = try await disk.run(["split", "set", path, "green=10"])
        #expect(r.status == 1, "\(disk.kind): \(r.stdout)")
        #expect(r.stderr.contains(path) && r.stderr.contains(disk.expectedError), "\(disk.kind): \(r.stderr)")
        #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(try disk.dir.read("payments_splitter.hcl") == original)
        let entries = try disk.dir.entries()
        #expect(!entries.contains { $0.contains(".canarytop-") }, "a temporary file was left: \(entries)")
        // The journal holds whole lines only (or nothing, when not even one fits).
        let journal = (try? disk.dir.read("payments_splitter.hcl.journal")) ?? ""
        #expect(journal.isEmpty || journal.hasSuffix("\n"), "half a journal line: \(journal)")
    }

    /// A journal that fills the file-size limit: the change is written, the line that does not
    /// fit is taken back whole, and the output says the change is not journaled.
    @Test func aJournalLineThatDoesNotFitIsTakenBackAndReported() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.workshop(dir)
        let filler = String(repeating: "{\"old\":\"line\"}\n", count: 250)   // 3750 bytes
        _ = try dir.write("payments_splitter.hcl.journal", filler)
        let r = try await Canarytop.runAsync(
            ["--fsize=4096", "--", Canarytop.binary.path, "split", "set", path, "green=10"], executable: "/usr/bin/prlimit")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("blue 50→90, green 50→10"))
        #expect(r.stderr.contains("warning: written, but not journaled:") && r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(try dir.read("payments_splitter.hcl.journal") == filler)
    }

    /// SIGTERM or SIGINT at any moment of a stream of writes: the writer ends by that signal
    /// (after the write under way), the file is whole, and no temporary file is left.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalDuringWritesLeavesAWholeFileAndNoTemporary(_ signal: Int32) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.workshop(dir)
        for round in 0..<10 {
            let writer = try ChildProcess(Canarytop.binary.path, ["bench", "write", path, "--count", "100000000"])
            // Let it write a varying number of times, then signal it mid-stream. The file is
            // watched on a thread of its own (never a concurrency pool thread), every 0.2 ms.
            try await OwnThread.run {
                var changes = 0
                var last = try dir.read("payments_splitter.hcl")
                let giveUp = Date().addingTimeInterval(30)
                while changes < 1 + round * 2, !writer.hasEnded, Date() < giveUp {
                    usleep(200)
                    let now = try dir.read("payments_splitter.hcl")
                    if now != last { changes += 1; last = now }
                }
            }
            writer.send(signal)
            // A hang catcher counted from the signal: the test itself may have resumed from the
            // wait above long after it ended (a pool thread was not free).
            let end = await writer.wait(deadline: writer.secondsSinceStart + 60)
            #expect(end.exitedOnItsOwn, "round \(round): the writer ignored the signal")
            #expect(end.signal == signal, "round \(round): \(end.status) \(end.stderr)")
            #expect(try dir.entries() == ["payments_splitter.hcl"], "round \(round): a temporary file was left")
            let text = try dir.read("payments_splitter.hcl")
            #expect(text.contains("weight = 100,") && text.contains("weight = 0,"), "round \(round): \(text)")
        }
    }
}

extension FileHazardCommandTests {
    /// The splitter a headless watch follows is deleted while it runs: the watch says so, keeps
    /// the last weights, ends as planned, and never recreates the file.
    @Test func aSplitterDeletedMidRunKeepsTheLastWeights() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.workshop(dir)
        let resolver = try dir.write("payments_resolver.hcl", try SplitCommandTests.fixture("payments_resolver.hcl"))
        let body = Array(WatchCommandTests.trace(WatchCommandTests.blueIP).utf8)
        let server = try await HostileServer.start { _, _ in .answer(status: 200, body: body) }
        defer { Task { await server.shutdown() } }
        let child = try ChildProcess(Canarytop.binary.path, [
            "watch", server.url, "--headless", "--json", "--duration", "6s", "--rate", "50", "--splitter", path,
            "--resolver", resolver, "--subset", "blue=ip:\(WatchCommandTests.blueIP)",
        ])
        // Once the watch is probing (it has read the splitter), pull the file away.
        // On the same thread as the wait, with no hop back to the pool between them: the test may
        // resume from an await long after the watch's 6 s are over.
        try await OwnThread.run {
            let giveUp = Date().addingTimeInterval(30)
            while server.requests < 5, !child.hasEnded, Date() < giveUp { usleep(1000) }
            unlink(path)
        }
        let end = await child.wait(deadline: child.secondsSinceStart + 60)
        #expect(end.exitedOnItsOwn && end.status == 0, "\(end.stderr)")
        #expect(end.stderr.contains("splitter unreadable, keeping the last weights"), "\(end.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(end.stdout.utf8)) as? [String: Any])
        let blue = (report["subsets"] as? [[String: Any]])?.first { $0["name"] as? String == "blue" }
        #expect(blue?["weight"] as? Double == 50)
        #expect(try dir.entries() == ["payments_resolver.hcl"])
    }
}

/// A directory on a disk with no room left: a tiny tmpfs when this process may mount one (root
/// with CAP_SYS_ADMIN, as here and in CI: writes fail with ENOSPC), else a file-size limit on
/// the canarytop process (`prlimit --fsize`: writes fail with EFBIG). Either way a write of the
/// new splitter fails part-way, which is what a full disk does.
final class FullDisk {
    let dir: TemporaryDirectory
    let kind: String
    private let mounted: Bool

    init() throws {
        dir = try TemporaryDirectory()
        mounted = Self.mount(dir.path)
        kind = mounted ? "tmpfs full" : "file-size limit"
        _ = try FileHazardCommandTests.workshop(dir)
    }

    /// "No space left on device" on the tmpfs, "File too large" under the limit.
    var expectedError: String { mounted ? "No space left on device" : "File too large" }

    /// Takes up every free byte (tmpfs), leaving the splitter in place.
    func fill() throws {
        guard mounted else { return }
        let fd = open(dir.file("filler"), O_WRONLY | O_CREAT, 0o644)
        defer { close(fd) }
        let block = [UInt8](repeating: 0x2E, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) > 0 {}
        var one: UInt8 = 0x2E
        while write(fd, &one, 1) > 0 {}
    }

    /// Runs canarytop with `arguments` on this disk.
    func run(_ arguments: [String]) async throws -> Canarytop.Result {
        if mounted { return try await Canarytop.runAsync(arguments) }
        // The splitter is 167 bytes: its new copy cannot be written under a 100-byte limit.
        return try await Canarytop.runAsync(["--fsize=100", "--", Canarytop.binary.path] + arguments, executable: "/usr/bin/prlimit")
    }

    func remove() {
        if mounted { _ = Self.command("/usr/bin/umount", [dir.path]) }
        dir.remove()
    }

    private static func mount(_ path: String) -> Bool {
        geteuid() == 0 && command("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=16k,mode=0755", "canarytop-full", path])
    }

    private static func command(_ executable: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
