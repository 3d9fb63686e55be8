import CanaryCore
import CanaryScreen
import CanaryTerminal
import Foundation

/// The dashboard's loop, bubbletea-style: input and posted actions go through the reducer, its
/// effects are carried out, and the screen — a pure function of the state — is redrawn at most
/// ten times a second (only changed cells reach the terminal).
///
/// Runs on the thread that owns the terminal; writes run as tasks and report back through the
/// inbox. Quitting waits for writes in progress, so no change is cut off half-way.
public final class DashboardRuntime {
    private let terminal: any TerminalBackend
    private let feed: any DashboardFeed
    private let writer: SplitterWriter?
    private let inbox: Inbox
    private let themes: [Theme]
    private let now: () -> Double
    private let frameMilliseconds: Int
    public private(set) var state: DashboardState
    private var writes: [Task<Void, Never>] = []
    private var hold = EpochHold()

    public init(
        terminal: any TerminalBackend, state: DashboardState, feed: any DashboardFeed, writer: SplitterWriter?,
        inbox: Inbox, themes: [Theme], frameMilliseconds: Int = 100, now: @escaping () -> Double
    ) {
        self.terminal = terminal
        self.feed = feed
        self.writer = writer
        self.inbox = inbox
        self.themes = themes.isEmpty ? [Theme.builtIn] : themes
        self.frameMilliseconds = frameMilliseconds
        self.now = now
        var s = state
        s.themeCount = self.themes.count
        let size = terminal.size
        s.width = size.width
        s.height = size.height
        self.state = s
    }

    /// Runs until the operator quits; returns the final state.
    @discardableResult
    public func run() -> DashboardState {
        var lastFrame = -Double.infinity
        var quitting = false
        while !quitting {
            let t = now()
            if t - lastFrame >= Double(frameMilliseconds) / 1000 {
                let (snapshot, inFlight, sentTimes) = feed.snapshot(at: t)
                if !hold.holds(epoch: snapshot.epoch, now: t) {
                    quitting = apply(.tick(snapshot, inFlight: inFlight, now: t, sentTimes: sentTimes)) || quitting
                }
                terminal.draw(DashboardView.render(state), theme: themes[state.themeIndex % themes.count])
                lastFrame = t
            }
            for action in inbox.drain() { quitting = apply(action) || quitting }
            if quitting { break }
            let wait = max(1, Int((lastFrame + Double(frameMilliseconds) / 1000 - now()) * 1000))
            switch terminal.read(timeoutMilliseconds: wait) {
            case .key(let key): quitting = apply(.key(key))
            case .resize(let width, let height): quitting = apply(.resize(width: width, height: height)); lastFrame = -.infinity
            case nil: break
            }
        }
        finishWrites()
        for action in inbox.drain() { _ = apply(action) }
        terminal.draw(DashboardView.render(state), theme: themes[state.themeIndex % themes.count])
        return state
    }

    /// Reduces one action and carries out its effects; true when the operator quit.
    private func apply(_ action: DashboardAction) -> Bool {
        var quit = false
        let weightsBefore = state.split?.weights
        let epochBefore = state.snapshot?.epoch
        defer {
            if case .writeSucceeded = action {
                hold.written(weightsBefore: weightsBefore, after: state.split?.weights, epoch: epochBefore, now: now())
            }
        }
        for effect in DashboardReducer.reduce(&state, action) {
            switch effect {
            case .quit: quit = true
            case .setPaused(let paused): feed.setPaused(paused)
            case .clearTallies: feed.startEpoch(at: now())
            case .flushTypeahead: terminal.flushInput()
            case .journal(let reason):
                guard let writer else { continue }
                let previous = writes.last
                writes.append(Task {
                    await previous?.value
                    await writer.journal("guard-cancel", reason: reason)
                })
            case .write(let request, let reason):
                guard let writer else {
                    inbox.post(.writeFailed(message: "no splitter to write", conflict: false))
                    continue
                }
                // Chained, so writes land in the order they were asked for (a rollback after a
                // set must end at the rollback).
                let previous = writes.last
                writes.append(Task {
                    await previous?.value
                    await writer.perform(request, reason: reason)
                })
            }
        }
        return quit
    }

    /// Blocks this (non-pool) thread until every write task has finished.
    private func finishWrites() {
        let pending = writes
        guard !pending.isEmpty else { return }
        let done = DispatchSemaphore(value: 0)
        Task {
            for task in pending { await task.value }
            done.signal()
        }
        done.wait()
    }
}
