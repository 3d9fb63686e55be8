import CanaryCore
import CanaryTesting
import Foundation
import Testing
@testable import CanaryStore

/// What a careless operator does to a splitter file: a symbolic link, a read-only file, a file
/// deleted while canarytop holds it, a file owned by someone else. Nothing is ever lost,
/// recreated or given away.
@Suite(.sharedMachine) struct FileHazardTests {
    private func message(_ error: any Error) -> String { "\(error)" }

    @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("envs/prod"), withIntermediateDirectories: true)
        let real = try dir.write("envs/prod/payments.hcl", "weight = 50\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("payments.hcl"), withDestinationPath: "envs/prod/payments.hcl")
        let store = FileSplitterStore(path: dir.file("payments.hcl"))
        let base = try await store.load()
        _ = try await store.write("weight = 100\n", over: base)
        // The file the link points to changed; the link is still the same link.
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "weight = 100\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("payments.hcl")) == "envs/prod/payments.hcl")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("envs/prod")) == ["payments.hcl"])
        #expect(try dir.entries() == ["envs", "payments.hcl"])
    }

    @Test func aLinkToAFileThatIsGoneIsRefusedAndNothingIsCreated() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let real = try dir.write("real.hcl", "weight = 50\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.hcl"), withDestinationPath: "real.hcl")
        let store = FileSplitterStore(path: dir.file("link.hcl"))
        let base = try await store.load()
        unlink(real)
        await #expect { try await store.write("weight = 100\n", over: base) } throws: { error in
            message(error).contains("symbolic link to a file that is gone") && message(error).contains("nothing written")
        }
        #expect(try dir.entries() == ["link.hcl"])
    }

    @Test func aReadOnlyFileIsNeverWrittenNotEvenByRoot() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "weight = 50\n")
        chmod(path, 0o444)
        let store = FileSplitterStore(path: path)
        let base = try await store.load()
        await #expect { try await store.write("weight = 100\n", over: base) } throws: { error in
            message(error) == "\(path) is read-only (mode 0444); nothing written: make it writable (chmod u+w) if canarytop may change it"
        }
        #expect(try dir.read("s.hcl") == "weight = 50\n")
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o7777 == 0o444)
        #expect(try dir.entries() == ["s.hcl"])
    }

    @Test func aFileDeletedAfterItWasReadIsNotRecreated() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "weight = 50\n")
        let store = FileSplitterStore(path: path)
        let base = try await store.load()
        unlink(path)
        await #expect { try await store.write("weight = 100\n", over: base) } throws: { error in
            guard case StoreError.conflict(let text)? = error as? StoreError else { return false }
            return text.contains("can no longer be read") && text.contains("nothing written")
        }
        #expect(try dir.entries().isEmpty)
    }

    @Test func theOwnerIsKept() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "weight = 50\n")
        // As root (CI and this machine), hand the file to someone else first: `sudo canarytop`
        // must not make it root's. Unprivileged, the writer's own ownership is what is kept.
        let owner: uid_t = geteuid() == 0 ? 4242 : geteuid()
        let group: gid_t = geteuid() == 0 ? 4343 : getegid()
        #expect(chown(path, owner, group) == 0)
        let store = FileSplitterStore(path: path)
        _ = try await store.write("weight = 100\n", over: try await store.load())
        var info = stat()
        stat(path, &info)
        #expect(info.st_uid == owner && info.st_gid == group)
    }

    @Test func aDirectoryOrDeviceIsNotASplitter() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = FileSplitterStore(path: "/dev/null")
        let base = try await store.load()
        await #expect { try await store.write("weight = 100\n", over: base) } throws: { error in
            message(error) == "/dev/null is not a regular file; nothing written"
        }
    }
}
