#if canImport(Glibc)
import Glibc
#endif
import CanaryCore

/// A recording read from its file, one record at a time, a chunk (``chunkSize``) at a time:
/// memory stays the same whatever the file's size.
///
/// Opening reads the header; ``next()`` gives the records in file order with where each line
/// starts; ``rewind()`` starts again from the first record. At the end, ``warnings`` says what
/// was skipped: lines that were not records, and an unfinished last line.
/// Used by one owner at a time (the replay feed holds it under its lock).
public final class RecordingFile: @unchecked Sendable {
    /// Bytes read at once.
    public static let chunkSize = 1 << 20

    public let path: String
    public private(set) var header: RecordingHeader
    private let fd: Int32
    private var reader = RecordingReader()
    private var pending: [(RecordingEntry, RecordingReader.Position)] = []
    private var next = 0
    private var buffer: [UInt8]
    public private(set) var atEnd = false
    /// What the reader skipped, once the end is reached.
    public private(set) var warnings: [String] = []

    /// Opens `path` and reads its header; one line naming the file when it cannot be read or is
    /// not a recording (`FILE:1: not a canarytop recording …`).
    public init(path: String, chunkSize: Int = RecordingFile.chunkSize) throws(StoreError) {
        self.path = path
        buffer = [UInt8](repeating: 0, count: Swift.max(1, chunkSize))
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "open the recording", errno: errno) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw StoreError.refused("\(path): a directory, not a recording")
        }
        self.fd = fd
        header = RecordingHeader(target: "", rate: nil, rateLabel: "", concurrency: 0, subsets: [], applyMode: "", headless: false)
        do throws(StoreError) {
            guard case .header(let h)? = try nextEntry()?.0 else {
                throw StoreError.refused("\(path): not a canarytop recording")
            }
            header = h
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit {
        Glibc.close(fd)
    }

    /// The next record after the header, and where its line starts; nil at the end.
    public func nextRecord() throws(StoreError) -> (RecordingEntry, RecordingReader.Position)? {
        try nextEntry()
    }

    /// The latest time among the records at the end of the file (its last ``tailBytes``), to
    /// know how long the recording lasts without reading it all; nil when none is readable.
    public func tailTime(tailBytes: Int = 256 << 10) -> Double? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        let start = Swift.max(0, size - tailBytes)
        var tail = [UInt8](repeating: 0, count: size - start)
        let n = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(start)) }
        guard n > 0 else { return nil }
        var lines = tail[0..<n].split(separator: 0x0A, omittingEmptySubsequences: false)
        if start > 0, !lines.isEmpty { lines.removeFirst() }   // it began before the tail
        if !lines.isEmpty { lines.removeLast() }               // unfinished, or empty after the last line feed
        var latest: Double?
        for line in lines {
            guard let entry = try? line.withUnsafeBytes({ try RecordingDecoder.decode($0) }) else { continue }
            if case .header = entry { continue }
            latest = Swift.max(latest ?? entry.time, entry.time)
        }
        return latest
    }

    /// Back to the first record after the header.
    public func rewind() throws(StoreError) {
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw StoreError.io(path: path, operation: "rewind the recording", errno: errno) }
        reader = RecordingReader()
        pending.removeAll(keepingCapacity: true)
        next = 0
        atEnd = false
        warnings = []
        _ = try nextEntry()   // the header, again
    }

    private func nextEntry() throws(StoreError) -> (RecordingEntry, RecordingReader.Position)? {
        while next == pending.count {
            if atEnd { return nil }
            pending.removeAll(keepingCapacity: true)
            next = 0
            try fill()
        }
        defer { next += 1 }
        return pending[next]
    }

    /// Reads one chunk into ``pending`` (or reaches the end).
    private func fill() throws(StoreError) {
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw StoreError.io(path: path, operation: "read the recording", errno: errno) }
        do {
            if n == 0 {
                atEnd = true
                if let unfinished = try reader.finish() {
                    warnings.append("\(path):\(unfinished.line): the last line is unfinished (\(unfinished.bytes) bytes, the recording was cut off): read up to line \(unfinished.line - 1)")
                }
                if let bad = reader.firstBadLine {
                    warnings.append("\(path):\(bad.line): skipped \(reader.skipped) line\(reader.skipped == 1 ? "" : "s") that \(reader.skipped == 1 ? "is" : "are") not records, the first here: \(TerminalSafe.clean(bad.problem, limit: 200))")
                }
                return
            }
            try buffer.withUnsafeBytes { bytes in
                try reader.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<n])) { entry, position in pending.append((entry, position)) }
            }
        } catch let error as RecordingReadError {
            throw StoreError.refused("\(path):\(error.line): \(error.message)")
        } catch {
            throw StoreError.refused("\(path): \(error)")
        }
    }
}
