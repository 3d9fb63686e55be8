#if canImport(Glibc)
import Glibc
#endif
import CanaryCore
import Foundation

/// Appends a recording to its file, off the caller's path: ``append(_:)`` only queues the
/// entries (a lock and an array append, on the probe's event loops), and a thread of the
/// writer's own encodes and writes them every ``flushInterval`` or as soon as ``flushCount``
/// are waiting, whichever comes first.
///
/// Each write holds whole lines only and goes to an `O_APPEND` descriptor, so a kill -9 loses at
/// most what was queued since the last write (≤ 100 ms) and, at worst, leaves the last line cut
/// off — which the reader skips with a warning. A write that cannot be completed (a full disk)
/// is taken back to the last whole line and the recording stops, saying why (``problem``); the
/// watch goes on.
public final class RecordingWriter: Sendable {
    /// The longest entries wait before they are written.
    public static let flushInterval = 0.1
    /// Entries waiting that wake the writer at once.
    public static let flushCount = 8192

    public let path: String
    private let fd: Int32
    private let condition = NSCondition()
    private struct Queue {
        var entries: [RecordingEntry] = []
        var closing = false
        var closed = false
        var problem: String?
        var written = 0
    }
    private nonisolated(unsafe) var queue = Queue()   // guarded by `condition`
    private nonisolated(unsafe) var thread: Thread?

    /// Creates the file — never over an existing one — and writes `header` as its first line.
    /// Refuses, in one line naming the file, a missing directory, a read-only place, or a file
    /// that exists.
    public init(path: String, header: RecordingHeader) throws(StoreError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "create the recording", errno: errno) }
        self.fd = fd
        var first = ""
        RecordingEncoder.appendLine(.header(header), to: &first)
        if let problem = Self.write(Array(first.utf8), to: fd) {
            Glibc.close(fd)
            unlink(path)
            throw StoreError.io(path: path, operation: "write the recording", errno: problem)
        }
        let thread = Thread { [self] in run() }
        thread.name = "canarytop-record"
        self.thread = thread
        thread.start()
    }

    /// Queues `entries`, in order, to be written soon. Returns at once.
    public func append(_ entries: [RecordingEntry]) {
        guard !entries.isEmpty else { return }
        condition.lock()
        if !queue.closing && queue.problem == nil {
            queue.entries += entries
            if queue.entries.count >= Self.flushCount { condition.signal() }
        }
        condition.unlock()
    }

    /// Queues one entry.
    public func append(_ entry: RecordingEntry) {
        append([entry])
    }

    /// Why the recording stopped early, if it did.
    public var problem: String? {
        condition.lock()
        defer { condition.unlock() }
        return queue.problem
    }

    /// Writes what is queued, syncs and closes the file; waits for the writer's thread. Returns
    /// why the recording stopped early, if it did. Later appends are dropped.
    @discardableResult
    public func close() -> String? {
        condition.lock()
        queue.closing = true
        condition.signal()
        while !queue.closed { condition.wait() }
        let problem = queue.problem
        condition.unlock()
        return problem
    }

    private func run() {
        var text = ""
        while true {
            condition.lock()
            if !queue.closing && queue.entries.count < Self.flushCount {
                _ = condition.wait(until: Date(timeIntervalSinceNow: Self.flushInterval))
            }
            let batch = queue.entries
            queue.entries.removeAll(keepingCapacity: true)
            let closing = queue.closing
            condition.unlock()

            if !batch.isEmpty {
                text.removeAll(keepingCapacity: true)
                for entry in batch { RecordingEncoder.appendLine(entry, to: &text) }
                if let code = Self.write(Array(text.utf8), to: fd) {
                    condition.lock()
                    queue.problem = "recording stopped: cannot write \(path): \(String(cString: strerror(code)))"
                    queue.entries.removeAll()
                    condition.unlock()
                }
            }
            if closing {
                _ = fsync(fd)
                _ = Glibc.close(fd)
                condition.lock()
                queue.closed = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    /// Appends `bytes` whole, or takes the part written back; returns the errno of a failure.
    private static func write(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return errno }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = n < 0 ? errno : ENOSPC
                _ = ftruncate(fd, info.st_size)
                return code
            }
            written += n
        }
        return nil
    }
}
