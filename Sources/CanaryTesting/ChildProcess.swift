import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program run by a test as a person runs it: its own process, a clean signal mask and default
/// signal handlers (test threads block signals, and a child inherits that), standard input from
/// `/dev/null`, its output gathered as it comes — and a deadline after which it is killed, so a
/// program that hangs fails the test instead of holding up the suite.
///
/// ```swift
/// let child = try ChildProcess(binary, ["watch", url, "--headless", "--duration", "1s"])
/// let end = await child.wait(deadline: 30)
/// #expect(end.exitedOnItsOwn && end.status == 0)
/// ```
public final class ChildProcess: Sendable {
    /// How the program ended.
    public struct End: Sendable {
        /// The exit status, or `128 + n` when signal `n` ended it.
        public var status: Int32
        /// The signal that ended it, if one did.
        public var signal: Int32?
        public var stdout: String
        public var stderr: String
        /// Seconds from the start to the end.
        public var seconds: Double
        /// False when the deadline passed and the test killed it.
        public var exitedOnItsOwn: Bool
    }

    public let pid: pid_t
    private let started = ContinuousClock.now
    /// The read ends of standard output and error.
    private let outputs: [Int32]
    private let killedAtDeadline = Atomic<Bool>(false)
    /// Set once the program has ended (before it is reaped).
    private let exited = Flag()

    /// Starts `executable` with `arguments` (and `environment`, else the test's own).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        // Close-on-exec, so no other child started meanwhile (a tmux server) keeps them open.
        let out = try CleanSpawn.pipe(), err = try CleanSpawn.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        defer {
            close(out[1])
            close(err[1])
        }
        do {
            pid = try CleanSpawn.spawn(executable, arguments, actions: &actions, environment: env, searchPath: false)
        } catch {
            close(out[0])
            close(err[0])
            throw error
        }
        outputs = [out[0], err[0]]
    }

    /// Whether the program has ended (it is not reaped until ``wait(deadline:)``).
    public var hasEnded: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    /// Seconds since the program started: a deadline counted from an event (a signal sent) is
    /// `secondsSinceStart + wait`, since the wait before it may have been long (a test resumes
    /// only when the concurrency pool has a thread for it).
    public var secondsSinceStart: Double { (ContinuousClock.now - started) / .seconds(1) }

    /// Sends `signal` (SIGTERM, SIGINT…).
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Where the deadlines' kills run (a serial queue: its thread is not one of the pool's).
    private static let deadlines = DispatchQueue(label: "canarytop.testing.child-deadlines")

    /// Waits for the program to end, killing it with SIGKILL once `deadline` seconds have passed
    /// since it started. Never blocks a Swift-concurrency thread.
    public func wait(deadline: Double) async -> End {
        let pid = self.pid
        nonisolated(unsafe) let timer = DispatchWorkItem { [self] in
            killedAtDeadline.store(true, ordering: .relaxed)
            kill(pid, SIGKILL)
        }
        // A queue of its own, not DispatchQueue.global(): on Linux the global queue's threads are
        // the Swift concurrency pool's, and a pool held by other tests must not delay the kill.
        Self.deadlines.asyncAfter(deadline: .now() + max(0, deadline - secondsSinceStart), execute: timer)
        // Reap concurrently with reading: a grandchild may hold the pipes open after the child
        // ended, so the output is read until end of file or until the child has ended and
        // nothing more is waiting.
        let ended = exited
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread {
                // Wait without reaping, stop the timer, then reap: the timer can only ever
                // signal our own child (a zombie at worst), never a process that took its pid.
                var info = siginfo_t()
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
                timer.cancel()
                ended.set()
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: status)
            }.start()
        }
        let (out, err) = await withCheckedContinuation { continuation in
            Thread { [outputs] in
                nonisolated(unsafe) var errData = Data()
                let done = DispatchSemaphore(value: 0)
                Thread {
                    errData = PipeReading.all(outputs[1]) { ended.isSet }
                    done.signal()
                }.start()
                let outData = PipeReading.all(outputs[0]) { ended.isSet }
                done.wait()
                close(outputs[0])
                close(outputs[1])
                continuation.resume(returning: (outData, errData))
            }.start()
        }
        let seconds = secondsSinceStart
        let signalled = status & 0x7F
        return End(
            status: signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled, signal: signalled == 0 ? nil : signalled,
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self), seconds: seconds,
            exitedOnItsOwn: !killedAtDeadline.load(ordering: .relaxed))
    }
}

@_silgen_name("pipe2")
private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// A flag readers on other threads may poll.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// `posix_spawn` with an empty signal mask and default handlers for the signals a test may send.
enum CleanSpawn {
    static func spawn(
        _ executable: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t, environment: [String]? = nil,
        searchPath: Bool
    ) throws -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGWINCH, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGXFSZ] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }
        // Nothing else the test process has open reaches the child (Foundation's pipes are not
        // close-on-exec: a long-lived child holding one would keep another test waiting for EOF).
        _ = addCloseFrom(&actions, 3)
        var pid: pid_t = 0
        let rc: Int32
        if let envp {
            rc = searchPath ? posix_spawnp(&pid, executable, &actions, &attr, argv, envp) : posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        } else {
            rc = searchPath ? posix_spawnp(&pid, executable, &actions, &attr, argv, environ) : posix_spawn(&pid, executable, &actions, &attr, argv, environ)
        }
        guard rc == 0 else { throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// A pipe whose ends are closed on exec from the start, so no child another test starts
    /// meanwhile inherits them (`pipe2` is not in Glibc's Swift module).
    static func pipe() throws -> [Int32] {
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SpawnError(description: "pipe2: \(String(cString: strerror(errno)))") }
        return fds
    }

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }
}
