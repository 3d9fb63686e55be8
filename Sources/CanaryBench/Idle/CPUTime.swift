#if canImport(Glibc)
import Glibc
#endif

/// CPU time (user + system, seconds) from `getrusage`, and a monotonic clock to divide it by.
enum CPUTime {
    /// This whole process: every thread, not the children it starts.
    static func process() -> Double { usage(RUSAGE_SELF.rawValue) }

    /// The children waited for so far (a `wrk` once it has exited; not an nginx still running).
    static func children() -> Double { usage(RUSAGE_CHILDREN.rawValue) }

    /// The calling thread alone (Linux's `RUSAGE_THREAD`).
    static func thread() -> Double { usage(1) }  // RUSAGE_THREAD, which Glibc's module does not export

    /// Seconds on the monotonic clock.
    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Context switches of this whole process so far, voluntary (a thread went to sleep: each
    /// is a wake-up later) plus involuntary.
    static func processSwitches() -> Int { switches(RUSAGE_SELF.rawValue) }

    /// Context switches of the children waited for so far.
    static func childrenSwitches() -> Int { switches(RUSAGE_CHILDREN.rawValue) }

    private static func usage(_ who: Int32) -> Double {
        var usage = rusage()
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func switches(_ who: Int32) -> Int {
        var usage = rusage()
        guard getrusage(who, &usage) == 0 else { return 0 }
        return usage.ru_nvcsw + usage.ru_nivcsw
    }
}

/// One reading: when, and the CPU used so far (process; the thread's when read on it).
struct CPUSample: Sendable {
    var time: Double
    var process: Double
    var thread: Double?
    /// The process's context switches so far.
    var switches = 0

    static func now(onThread: Bool = false) -> CPUSample {
        CPUSample(
            time: CPUTime.monotonic(), process: CPUTime.process(), thread: onThread ? CPUTime.thread() : nil,
            switches: CPUTime.processSwitches())
    }
}
