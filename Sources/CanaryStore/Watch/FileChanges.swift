import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Tells a follower when a file may have changed, so that it need not wake up to look: Linux's
/// inotify on the file's directory, filtered to the file's name, read on a thread of its own
/// that sleeps in `poll` while nothing happens.
///
/// The directory is watched, not the file: an atomic replace (a new file renamed over the old
/// one, as every careful writer does) would end a watch on the file itself. Every `backstop`
/// without an event a check is delivered anyway, in case events do not come (a network file
/// system, the directory itself replaced). Checks are hints: the follower compares what it
/// reads with what it had.
final class FileChanges: Sendable {
    /// One element per hint; finishes when cancelled.
    let checks: AsyncStream<Void>
    private let control: Control

    /// The cancel pipe's write end, closed once by the thread as it ends; written only before.
    private final class Control: Sendable {
        let state: Mutex<(cancel: Int32, closed: Bool)>
        init(cancel: Int32) { state = Mutex((cancel, false)) }

        func cancel() {
            state.withLock { state in
                guard !state.closed else { return }
                var byte: UInt8 = 1
                _ = write(state.cancel, &byte, 1)
            }
        }

        func close() {
            state.withLock { state in
                state.closed = true
                _ = Glibc.close(state.cancel)
            }
        }
    }

    /// Nil when inotify cannot watch `path`'s directory (then the caller polls).
    init?(path: String, backstop: Duration) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = Array(url.lastPathComponent.utf8)
        let watcher = inotify_init1(Int32(IN_CLOEXEC))
        guard watcher >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB)
            | UInt32(IN_DELETE_SELF | IN_MOVE_SELF)
        var pipeEnds: [Int32] = [0, 0]
        guard inotify_add_watch(watcher, directory, mask) >= 0, pipe(&pipeEnds) == 0 else {
            close(watcher)
            return nil
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let control = Control(cancel: pipeEnds[1])
        self.control = control
        let (checks, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.checks = checks
        let wakeUp = pipeEnds[0]
        let backstopMilliseconds = Int32(clamping: backstop.components.seconds * 1000 + backstop.components.attoseconds / 1_000_000_000_000_000)
        let thread = Thread {
            Self.watch(watcher, wakeUp: wakeUp, name: name, backstop: max(1, backstopMilliseconds)) { continuation.yield(()) }
            control.close()
            close(wakeUp)
            close(watcher)
            continuation.finish()
        }
        thread.name = "canarytop-file-changes"
        continuation.onTermination = { _ in control.cancel() }
        thread.start()
    }

    /// Stops the thread and finishes ``checks``.
    func cancel() { control.cancel() }

    /// Sleeps in `poll` on the inotify descriptor and the cancel pipe; calls `hint` for each read
    /// of events naming `name` (or saying the directory went), and after `backstop` ms of nothing.
    private static func watch(_ watcher: Int32, wakeUp: Int32, name: [UInt8], backstop: Int32, hint: () -> Void) {
        var fds = [pollfd(fd: watcher, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeUp, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let ready = poll(&fds, 2, backstop)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if ready == 0 {
                hint()
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(watcher, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            if InotifyEvents.concern(UnsafeRawBufferPointer(start: buffer, count: count), name: name) { hint() }
        }
    }
}

/// Reading a buffer of `inotify_event`s.
enum InotifyEvents {
    /// Whether any event in `bytes` names `name`, or says the watched directory itself went
    /// (deleted, moved, unwatched) or that events were lost.
    static func concern(_ bytes: UnsafeRawBufferPointer, name: [UInt8]) -> Bool {
        let header = MemoryLayout<inotify_event>.size
        let directoryGone = UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_Q_OVERFLOW)
        var offset = 0
        while offset + header <= bytes.count {
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            guard offset + header + length <= bytes.count else { return true }
            if mask & directoryGone != 0 { return true }
            // The name is NUL-padded to `length`.
            let field = bytes[(offset + header)..<(offset + header + length)]
            let nameBytes = field.prefix { $0 != 0 }
            if nameBytes.elementsEqual(name) { return true }
            offset += header + length
        }
        return false
    }
}
