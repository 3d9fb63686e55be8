import CanaryCore

#if canImport(Glibc)
import Glibc
#endif

/// A splitter config in a file, written atomically and only over the content it was read as.
///
/// Writers in different canarytop processes serialise on an advisory `flock` of the config's
/// directory (no lock file is left behind). Inside the lock the file is read again; if its bytes
/// differ from the snapshot (an editor, `git pull`, another tool), the write is refused. The check
/// is repeated with the new content already synced, right before the rename, to keep the window
/// for an unlocked editor as small as the filesystem allows.
///
/// A path that is a symbolic link is written through: the file it points to is replaced (in its
/// own directory) and the link stays a link. A file without write permission (`chmod a-w`,
/// `0444`) is never written, not even by root: someone made it read-only on purpose.
public struct FileSplitterStore: SplitterStore {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var label: String { path }
    public var origin: EntryOrigin { .file }
    public var localPath: String? { path }

    public func load() async throws -> SplitterSnapshot {
        try loadSync()
    }

    /// Reads the file without suspending (the file is small).
    public func loadSync() throws -> SplitterSnapshot {
        let bytes = try AtomicFile.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StoreError.refused("\(path): not UTF-8 text; not a splitter config")
        }
        return SplitterSnapshot(text: text, version: .contentHash(ContentHash.sha256(bytes)))
    }

    public func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        try writeSync(text, over: base)
    }

    /// Writes without suspending: lock, compare, write temp, compare again, rename.
    public func writeSync(_ text: String, over base: SplitterSnapshot) throws -> SplitterSnapshot {
        let target = try writableTarget()
        let lock = try DirectoryLock(AtomicFile.directory(of: target))
        defer { lock.unlock() }
        AtomicFile.removeStaleTemporaries(of: target)
        try ensureUnchanged(since: base)
        let bytes = Array(text.utf8)
        try AtomicFile.write(bytes, to: target, beforeRename: { try ensureUnchanged(since: base) })
        return SplitterSnapshot(text: text, version: .contentHash(ContentHash.sha256(bytes)))
    }

    /// The file to replace: `path`, or the file its symbolic links lead to. Refuses a file that
    /// is gone (never recreated), or that is read-only or not writable by this user.
    private func writableTarget() throws(StoreError) -> String {
        var link = stat()
        guard lstat(path, &link) == 0 else {
            throw StoreError.conflict("\(path) can no longer be read (\(String(cString: strerror(errno)))); nothing written")
        }
        var target = path
        if (link.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw StoreError.conflict("\(path) is a symbolic link to a file that is gone (\(String(cString: strerror(errno)))); nothing written")
            }
            target = String(cString: resolved)
            free(resolved)
        }
        var info = stat()
        guard stat(target, &info) == 0 else { throw StoreError.io(path: target, operation: "stat", errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw StoreError.refused("\(path) is not a regular file; nothing written") }
        let octal = String(info.st_mode & 0o7777, radix: 8)
        let mode = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
        if info.st_mode & 0o222 == 0 {
            throw StoreError.refused("\(path) is read-only (mode \(mode)); nothing written: make it writable (chmod u+w) if canarytop may change it")
        }
        if access(target, W_OK) != 0 {
            throw StoreError.refused("\(path) is not writable by this user (mode \(mode), owner \(info.st_uid)); nothing written")
        }
        return target
    }

    private func ensureUnchanged(since base: SplitterSnapshot) throws(StoreError) {
        let now: [UInt8]
        do {
            now = try AtomicFile.read(path)
        } catch {
            throw StoreError.conflict("\(path) can no longer be read (\(error)); nothing written")
        }
        let version = SplitterVersion.contentHash(ContentHash.sha256(now))
        guard version == base.version else {
            throw StoreError.conflict("\(path) changed since it was read (was \(base.version), now \(version)); nothing written — reload and retry")
        }
    }
}

/// An exclusive `flock` on a directory, released by `unlock()`.
struct DirectoryLock {
    private let fd: Int32

    init(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "open the directory", errno: errno) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw StoreError.io(path: path, operation: "lock", errno: code)
        }
        self.fd = fd
    }

    func unlock() {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}
