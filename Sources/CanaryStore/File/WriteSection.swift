#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps SIGINT, SIGTERM and SIGHUP from cutting a file write in half.
///
/// A command that writes files routes those signals here (``interrupt(_:)``, from a dispatch
/// signal source). Outside a write the signal takes its default course at once; during one
/// (``run(_:)``: the temporary file, its fsync, the rename, a journal line) it is held until the
/// write is over, so a Ctrl-C leaves the old file or the new one and no temporary file beside
/// it, and the journal never ends in half a line. SIGKILL cannot be held; the next write removes
/// what a killed writer left (see ``AtomicFile``).
public enum WriteSection {
    private struct State {
        var depth = 0
        var pending: Int32?
    }

    private static let state = Mutex(State())

    /// Runs `body` with signals routed here held until it returns (or throws).
    public static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        state.withLock { s in
            if let signal = s.pending { die(signal) }
            s.depth += 1
        }
        defer {
            state.withLock { s in
                s.depth -= 1
                if s.depth == 0, let signal = s.pending { die(signal) }
            }
        }
        return try body()
    }

    /// A signal arrived: it takes effect now, or when the write under way is over.
    public static func interrupt(_ signal: Int32) {
        state.withLock { s in
            if s.depth == 0 { die(signal) }
            s.pending = s.pending ?? signal
        }
    }

    /// Ends the process by `signal`'s default action, so its exit status says which signal.
    private static func die(_ signal: Int32) -> Never {
        _ = Glibc.signal(signal, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        _exit(128 + signal)
    }
}
