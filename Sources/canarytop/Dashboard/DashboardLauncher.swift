import CNcurses
import CanaryApp
import CanaryCore
import CanaryScreen
import CanaryTerminal
import Foundation

/// Opens the ncurses dashboard on a feed and a writer, on a thread of its own, and restores the
/// terminal however it ends (quit, SIGINT/SIGTERM/SIGHUP, or a crash signal).
enum DashboardLauncher {
    struct Options {
        var setup: DashboardState.Setup
        var theme: String?
        var initialSplit: SplitView?
        var resolver: ResolverEntry?
    }

    /// Runs the dashboard until the operator quits; returns the final state.
    static func run(
        _ options: Options, feed: any DashboardFeed, writer: SplitterWriter?, inbox: Inbox,
        now: @escaping @Sendable () -> Double
    ) async throws -> DashboardState {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CLIError("the dashboard needs a terminal on standard input and output; use --headless for scripts")
        }
        let env = ProcessInfo.processInfo.environment
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        let loader = ThemeLoader(environment: env, executableDirectory: executable, currentDirectory: FileManager.default.currentDirectoryPath)
        let (themes, warnings) = loader.load(chosen: options.theme)
        for warning in warnings { inbox.post(.note("theme: \(warning)", .warning)) }

        var state = DashboardState(setup: options.setup)
        if let split = options.initialSplit { _ = DashboardReducer.reduce(&state, .splitLoaded(split, external: false)) }

        let signals = Interrupts([SIGINT, SIGTERM, SIGHUP]) { inbox.post(.terminate) }
        defer { signals.cancel() }
        CrashGuard.install()

        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let initial = state
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                guard let terminal = NcursesTerminal(noColor: noColor) else {
                    continuation.resume(throwing: CLIError("cannot open the terminal (TERM=\(env["TERM"] ?? "unset")); use --headless"))
                    return
                }
                let runtime = DashboardRuntime(
                    terminal: terminal, state: initial, feed: feed, writer: writer, inbox: inbox, themes: themes,
                    now: now)
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

/// Restores the terminal if canarytop dies from a fatal signal (a Swift trap is SIGILL/SIGTRAP),
/// then lets the signal take its course.
enum CrashGuard {
    static func install() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                _ = endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
