import CanaryCore
import CanaryScreen
import CanaryTerminal

/// The dashboard's loop, bubbletea-style: input and posted actions go through the reducer, its
/// effects are carried out, and the screen — a pure function of the state — is redrawn after
/// each frame (four a second from the launcher) and at once after a key, never when nothing
/// changed (only changed cells reach the terminal). Between turns the thread sleeps in the
/// terminal's read until the next frame is due, a key comes, or the inbox is posted to (its
/// post signals the terminal's ``TerminalBackend/wake``).
///
/// Runs on the thread that owns the terminal; effects are carried out by an ``EffectRunner``
/// (writes as tasks that report back through the inbox). Quitting waits for writes in progress,
/// so no change is cut off half-way.
public final class DashboardRuntime {
    private let terminal: any TerminalBackend
    private let feed: any DashboardFeed
    private let inbox: Inbox
    private let effects: EffectRunner
    private let themes: [Theme]
    private let now: () -> Double
    private let frameClock: () -> Double
    private let recording: WatchRecording?
    private let frameMilliseconds: Int
    private let published: @Sendable (DashboardState) -> Void
    public private(set) var state: DashboardState
    private var hold = EpochHold()
    /// Two screens rendered in turn: the terminal keeps the one drawn last to diff against, the
    /// next frame is rendered into the other in place — no new grid of cells each frame.
    private var screens: [Grid] = [Grid(width: 0, height: 0), Grid(width: 0, height: 0)]
    private var nextScreen = 0

    public init(
        terminal: any TerminalBackend, state: DashboardState, feed: any DashboardFeed, writer: SplitterWriter?,
        inbox: Inbox, themes: [Theme], frameMilliseconds: Int = 100, recording: WatchRecording? = nil,
        now: @escaping () -> Double, frameClock: (() -> Double)? = nil,
        published: @escaping @Sendable (DashboardState) -> Void = { _ in }
    ) {
        self.published = published
        self.recording = recording
        self.frameClock = frameClock ?? now
        self.terminal = terminal
        self.feed = feed
        self.inbox = inbox
        // A post (a write's outcome, a note, a signal's terminate) ends the read at once.
        let wake = terminal.wake
        inbox.wakes { wake.signal() }
        effects = EffectRunner(feed: feed, writer: writer, inbox: inbox, flushInput: { terminal.flushInput() }, now: now)
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
    ///
    /// A frame (a snapshot of the feed reduced as a `.tick`) comes every `frameMilliseconds`;
    /// the screen is drawn after a frame, and at once after a key or an action from the inbox
    /// changed the state — never on a wake-up that changed nothing. Between frames the thread
    /// sleeps in the terminal's read.
    @discardableResult
    public func run() -> DashboardState {
        var lastFrame = -Double.infinity
        var quitting = false
        var changed = true
        while !quitting {
            let frame = frameClock()
            if frame - lastFrame >= Double(frameMilliseconds) / 1000 {
                let t = now()
                let (snapshot, inFlight, sentTimes) = feed.snapshot(at: t)
                if !hold.holds(epoch: snapshot.epoch, now: t) {
                    quitting = apply(.tick(snapshot, inFlight: inFlight, now: t, sentTimes: sentTimes)) || quitting
                }
                published(state)
                lastFrame = frame
                changed = true
            }
            for action in inbox.drain() {
                quitting = apply(action) || quitting
                changed = true
            }
            if changed {
                draw()
                changed = false
            }
            if quitting { break }
            // Sleep until the next frame is due; a key or a post to the inbox ends it sooner.
            let wait = max(1, Int(((lastFrame + Double(frameMilliseconds) / 1000 - frameClock()) * 1000).rounded(.up)))
            switch terminal.read(timeoutMilliseconds: wait) {
            case .key(let key): quitting = apply(.key(key)); changed = true
            case .resize(let width, let height): quitting = apply(.resize(width: width, height: height)); lastFrame = -.infinity
            case nil: break
            }
        }
        effects.settleBlocking()
        for action in inbox.drain() { _ = apply(action) }
        draw()
        return state
    }

    private func draw() {
        DashboardView.render(state, into: &screens[nextScreen])
        terminal.draw(screens[nextScreen], theme: themes[state.themeIndex % themes.count])
        nextScreen = 1 - nextScreen
    }

    /// Reduces one action and carries out its effects; true when the operator quit.
    private func apply(_ action: DashboardAction) -> Bool {
        let mark = EpochHold.Mark(state)
        var quit = false
        let effectsAsked = DashboardReducer.reduce(&state, action)
        recording?.observe(action, state, at: now())
        for effect in effectsAsked {
            quit = effects.start(effect) || quit
        }
        hold.reduced(action, from: mark, to: state, now: now())
        return quit
    }
}
