import CNcurses

#if canImport(Glibc)
import Glibc
#endif

/// Restores the terminal if canarytop dies from a fatal signal (a Swift trap is SIGILL/SIGTRAP),
/// then lets the signal take its course.
public enum CrashGuard {
    public static func install() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                _ = endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
