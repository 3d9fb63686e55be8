import CanaryCore
import CanaryScreen
import CanaryTerminal
import Foundation

/// Opens the ncurses dashboard on a feed and a writer, on a thread of its own, and restores the
/// terminal however it ends (quit, SIGINT/SIGTERM/SIGHUP, or a crash signal).
public enum DashboardLauncher {
    /// How often the feed's requests in flight are asked for while the dashboard runs: once a frame.
    static let refreshInterval: Duration = .milliseconds(frameMilliseconds)
    /// Time between the dashboard's frames (a snapshot judged and drawn): four a second, enough
    /// for figures a person reads and a countdown in seconds; a key is answered at once.
    static let frameMilliseconds = 250

    /// Runs the dashboard from `state` until the operator quits; returns the final state. The
    /// state goes to `published` after every frame (for `/metrics`). `terminal`, when given,
    /// makes the terminal on the dashboard's thread instead of ncurses (`bench idle`'s in-memory one).
    public static func run(
        _ state: DashboardState, theme: String?, feed: any RefreshableFeed, writer: SplitterWriter?, inbox: Inbox,
        recording: WatchRecording? = nil, now: @escaping @Sendable () -> Double, frameClock: (@Sendable () -> Double)? = nil,
        terminal makeTerminal: (@Sendable () -> any TerminalBackend)? = nil,
        published: @escaping @Sendable (DashboardState) -> Void = { _ in }
    ) async throws -> DashboardState {
        guard makeTerminal != nil || (isatty(0) == 1 && isatty(1) == 1) else {
            throw RunError("the dashboard needs a terminal on standard input and output; use --headless for scripts")
        }
        let env = ProcessInfo.processInfo.environment
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        let loader = ThemeLoader(environment: env, executableDirectory: executable, currentDirectory: FileManager.default.currentDirectoryPath)
        let (themes, warnings) = loader.load(chosen: theme)
        for warning in warnings { inbox.post(.note("theme: \(warning)", .warning)) }

        let signals = Interrupts([SIGINT, SIGTERM, SIGHUP]) { inbox.post(.terminate) }
        defer { signals.cancel() }
        CrashGuard.install()
        let refresher = Task {
            while !Task.isCancelled {
                _ = await feed.refresh()
                try? await Task.sleep(for: refreshInterval)
            }
        }
        defer { refresher.cancel() }

        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                guard let terminal = makeTerminal?() ?? NcursesTerminal(noColor: noColor) else {
                    continuation.resume(throwing: RunError("cannot open the terminal (TERM=\(env["TERM"] ?? "unset")); use --headless"))
                    return
                }
                let runtime = DashboardRuntime(
                    terminal: terminal, state: state, feed: feed, writer: writer, inbox: inbox, themes: themes,
                    frameMilliseconds: frameMilliseconds, recording: recording, now: now, frameClock: frameClock, published: published)
                let final = runtime.run()
                terminal.restore()
                continuation.resume(returning: final)
            }
            thread.name = "canarytop-ui"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
