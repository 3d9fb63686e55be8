#if canImport(Glibc)
import Glibc
#endif

/// A wake-up for a terminal's read: any thread may ``signal()`` it, and a read waiting in
/// ``wait(milliseconds:input:)`` returns at once — or, when the signal came before the wait
/// began, does not wait at all.
///
/// A self-pipe watched by `poll` beside the keyboard's descriptor, so the dashboard's thread
/// sleeps until a key, a posted action or its next frame, and never polls on a short timeout.
/// Signals that arrive before a wait are folded into one wake-up.
public final class WakeSignal: Sendable {
    /// Why a wait ended.
    public enum Reason: Sendable, Equatable {
        /// ``signal()`` was called (the signal is consumed).
        case woken
        /// The input descriptor is readable (or the wait was interrupted by a signal, a resize
        /// perhaps): the caller reads it without blocking.
        case input
        /// Nothing came within the time.
        case timedOut
    }

    /// The pipe's read end (polled) and write end (signalled); both non-blocking.
    private let readEnd: Int32
    private let writeEnd: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: \(String(cString: strerror(errno)))")
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (readEnd, writeEnd) = (ends[0], ends[1])
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes the wait in progress, or the next one. Safe from any thread.
    public func signal() {
        var byte: UInt8 = 1
        // A full pipe (EAGAIN) is signalled already.
        while write(writeEnd, &byte, 1) < 0, errno == EINTR {}
    }

    /// Waits up to `milliseconds` (negative: without end) for ``signal()`` or for `input` to be
    /// readable; a signal is consumed. The signal wins when both are ready: the caller handles
    /// what was posted, and reads the input on its next wait, which then returns at once.
    public func wait(milliseconds: Int, input: Int32? = nil) -> Reason {
        var fds = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        if let input { fds.append(pollfd(fd: input, events: Int16(POLLIN), revents: 0)) }
        let timeout = Int32(clamping: milliseconds < 0 ? -1 : milliseconds)
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        if ready < 0 { return errno == EINTR ? .input : .timedOut }
        if ready == 0 { return .timedOut }
        if fds[0].revents != 0 {
            consume()
            return .woken
        }
        return .input
    }

    /// Consumes a pending signal; true when there was one.
    @discardableResult
    public func consume() -> Bool {
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var any = false
        while true {
            let n = withUnsafeMutableBytes(of: &bytes) { read(readEnd, $0.baseAddress, $0.count) }
            if n > 0 { any = true; continue }
            if n < 0, errno == EINTR { continue }
            return any
        }
    }
}
