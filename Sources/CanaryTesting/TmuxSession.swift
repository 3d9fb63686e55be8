import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Drives a real terminal program in a private tmux server: start it, type keys, read the screen.
///
/// tmux is started with `posix_spawn`, an empty signal mask and default signal handlers, because
/// test threads block signals and a child inherits that mask (a TUI would then ignore SIGTERM
/// and SIGWINCH). `new-session` output never goes to a pipe (the server would hold it open).
public final class TmuxSession {
    public let socket: String
    public let name = "t"

    /// Starts `command` (a shell command line) in a detached `width`×`height` session.
    public init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        let dir = FileManager.default.temporaryDirectory.path
        socket = "\(dir)/canarytop-tmux-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        var args = ["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height)]
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(k)=\(v)"] }
        args.append(command)
        try Self.spawn(args, captureOutput: false)
        _ = try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        unlink(socket)
    }

    /// Sends tmux key names (`Up`, `Enter`, `Escape`, `C-c`, `r`).
    public func keys(_ keys: String...) throws {
        _ = try tmux(["send-keys", "-t", name] + keys)
    }

    /// The visible screen as text lines (`history` adds the scrollback).
    public func screen(history: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (history ? ["-S", "-"] : []))
    }

    /// Polls the screen every 50 ms until `condition` holds; throws with the last screen after `timeout` seconds.
    @discardableResult
    public func waitFor(_ what: String, timeout: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen(history: true)
            if condition(last) { return last }
            usleep(50_000)
        }
        throw TmuxError("timed out waiting for \(what); screen was:\n\(last)")
    }

    /// Runs a tmux client command against this server and returns its output.
    @discardableResult
    public func tmux(_ args: [String]) throws -> String {
        try Self.spawn(["-S", socket] + args, captureOutput: true)
    }

    public struct TmuxError: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// Spawns `tmux args` with a clean signal mask; waits for it; returns stdout if captured.
    @discardableResult
    static func spawn(_ args: [String], captureOutput: Bool) throws -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeFDs: [Int32] = [-1, -1]
        if captureOutput {
            pipeFDs = try CleanSpawn.pipe()
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let pid: pid_t
        do {
            pid = try CleanSpawn.spawn("tmux", args, actions: &actions, searchPath: true)
        } catch {
            if captureOutput { close(pipeFDs[0]); close(pipeFDs[1]) }
            throw TmuxError("\(error)")
        }
        if captureOutput { close(pipeFDs[1]) }
        var output = [UInt8]()
        if captureOutput {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(pipeFDs[0], &buffer, buffer.count)
                if n <= 0 { break }
                output += buffer[0..<n]
            }
            close(pipeFDs[0])
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }
}
