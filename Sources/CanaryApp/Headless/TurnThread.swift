import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One thread that runs a task's jobs and its timed sleeps: the headless loop's executor.
///
/// A turn of the headless loop used to sleep with `Task.sleep`, whose timer lives on the
/// dispatch manager thread: each 50 ms turn then woke that thread, which woke a pool thread,
/// which ran the turn, with more hand-offs on the way — five or so context switches a turn.
/// Run under `withTaskExecutorPreference(turns)`, the loop's code runs here, and
/// ``sleep(seconds:)`` is a timed wait on this thread's own condition variable (on the
/// monotonic clock): one wake-up a turn.
///
/// Jobs run in the order they were enqueued. ``finish()`` resumes every sleeper and lets the
/// thread end once no job is left; a job enqueued after that runs on the global executor.
final class TurnThread: TaskExecutor, @unchecked Sendable {
    // Guarded by `mutex`.
    private var jobs: [UnownedJob] = []
    private var sleepers: [(deadline: Double, wake: CheckedContinuation<Void, Never>)] = []
    private var finished = false
    /// The thread has returned: jobs still coming (a task that outlived ``finish()``) go to the
    /// global executor instead of waiting for nobody.
    private var ended = false
    private var thread: pthread_t?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(name: String = "canarytop-turns") {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let taken = locked { () -> Bool in
            if ended { return false }
            jobs.append(job)
            return true
        }
        if !taken { globalConcurrentExecutor.enqueue(job) }
    }

    /// Suspends the calling task for `seconds` (resumed on its preferred executor: this thread,
    /// when it runs under this one's preference).
    func sleep(seconds: Double) async {
        await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
            let resumeNow = locked { () -> Bool in
                if finished { return true }
                sleepers.append((Self.now() + max(0, seconds), wake))
                return false
            }
            if resumeNow { wake.resume() }
        }
    }

    /// Resumes every sleeper at once, and ends the thread when the last job has run.
    func finish() {
        locked { finished = true }
    }

    /// Whether the caller runs on this thread.
    var isCurrent: Bool {
        let own = locked { thread }
        return own.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }
        return body()
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private func run() {
        locked { thread = pthread_self() }
        while true {
            pthread_mutex_lock(mutex)
            var due: [CheckedContinuation<Void, Never>] = []
            while true {
                let now = Self.now()
                if finished {
                    due = sleepers.map(\.wake)
                    sleepers.removeAll()
                } else if sleepers.contains(where: { $0.deadline <= now }) {
                    due = sleepers.filter { $0.deadline <= now }.map(\.wake)
                    sleepers.removeAll { $0.deadline <= now }
                }
                if !jobs.isEmpty || !due.isEmpty || finished { break }
                if let earliest = sleepers.map(\.deadline).min() {
                    var until = timespec(tv_sec: Int(earliest), tv_nsec: Int((earliest - earliest.rounded(.down)) * 1e9))
                    pthread_cond_timedwait(condition, mutex, &until)
                } else {
                    pthread_cond_wait(condition, mutex)
                }
            }
            let batch = jobs
            jobs.removeAll()
            let ending = finished && batch.isEmpty && due.isEmpty
            if ending { ended = true }
            pthread_mutex_unlock(mutex)
            if ending { return }
            for wake in due { wake.resume() }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
