#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file's contents so that a crash at any instant leaves the old file or the new one.
///
/// The new bytes go to a temporary file in the same directory, are flushed with `fsync`, take the
/// old file's permission bits and owner, and are renamed over the target; then the directory is
/// synced so the rename itself survives a power cut. A failed write (a full disk: `ENOSPC`, or
/// `EFBIG` past a file-size limit) removes the temporary file and leaves the target as it was.
/// SIGINT/SIGTERM arriving meanwhile wait for the write to finish (see ``WriteSection``).
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically. `mode` defaults to the existing file's mode (0644 if new).
    /// `beforeRename` runs with the temporary file complete and synced — the last moment to refuse.
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t? = nil,
        beforeRename: () throws -> Void = {}
    ) throws(StoreError) {
        try WriteSection.run { () throws(StoreError) in
            try unguardedWrite(bytes, to: path, mode: mode, beforeRename: beforeRename)
        }
    }

    private static func unguardedWrite(
        _ bytes: [UInt8], to path: String, mode: mode_t?, beforeRename: () throws -> Void
    ) throws(StoreError) {
        let directory = Self.directory(of: path)
        var info = stat()
        let exists = stat(path, &info) == 0
        let existingMode: mode_t? = exists ? info.st_mode & 0o7777 : nil
        let finalMode = mode ?? existingMode ?? 0o644

        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(directory)/.\(base).canarytop-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "create a temporary file in \(directory) (it is unchanged)", errno: errno) }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            if !renamed { unlink(tempPath) }
        }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { raw in
                    Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: path, operation: "write its new contents (it is unchanged)", errno: errno)
                }
                offset += n
            }
            // The file keeps its owner and group: `sudo canarytop split …` must not hand it to
            // root. Best effort: an unprivileged writer cannot give a file away (as with `sed -i`).
            if exists, info.st_uid != geteuid() || info.st_gid != getegid() { _ = fchown(fd, info.st_uid, info.st_gid) }
            guard fchmod(fd, finalMode) == 0 else { throw StoreError.io(path: path, operation: "set the new contents' mode (it is unchanged)", errno: errno) }
            guard fsync(fd) == 0 else { throw StoreError.io(path: path, operation: "sync its new contents to disk (it is unchanged)", errno: errno) }
        }
        do {
            try beforeRename()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.refused("\(error)")
        }
        guard rename(tempPath, path) == 0 else { throw StoreError.io(path: path, operation: "rename into place", errno: errno) }
        renamed = true
        syncDirectory(directory)
    }

    /// Reads the whole file.
    public static func read(_ path: String) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
            if out.count > 16 << 20 { throw StoreError.refused("\(path) is larger than 16 MiB; not a splitter config") }
        }
        return out
    }

    /// Removes temporary files a killed writer left beside `path` (`.name.canarytop-XXXXXX`).
    /// Call only while holding the directory lock: then no live writer owns one.
    static func removeStaleTemporaries(of path: String) {
        let directory = Self.directory(of: path)
        let prefix = "." + (path.split(separator: "/").last.map(String.init) ?? path) + ".canarytop-"
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(prefix), name.count == prefix.count + 6 {
                unlink("\(directory)/\(name)")
            }
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
