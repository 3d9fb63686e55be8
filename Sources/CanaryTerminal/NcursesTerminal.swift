import CNcurses
import CanaryCore
import CanaryScreen

#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through ncursesw: raw keys, colour pairs per style role, and only the
/// cells that changed are sent.
public final class NcursesTerminal: TerminalBackend {
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    private var previous: Grid?
    private var previousTheme: Theme?
    private var restored = false
    private let useColor: Bool
    private let colors: Int
    /// The keyboard's descriptor (ncurses reads it byte by byte with `read`, no stdio buffer).
    private let inputFD: Int32
    public let wake = WakeSignal()

    /// Starts curses on the controlling terminal; nil when the terminal type is unknown.
    /// `noColor` (e.g. from `NO_COLOR`) keeps attributes only.
    public init?(noColor: Bool) {
        setlocale(LC_ALL, "")
        guard let output = fdopen(dup(1), "w"), let input = fdopen(dup(0), "r") else { return nil }
        guard let screen = newterm(nil, output, input) else { return nil }
        self.screen = screen
        inputFD = fileno(input)
        _ = set_term(screen)
        guard let window = stdscr_window() else { return nil }
        self.window = window
        raw()
        noecho()
        keypad(window, true)
        _ = curs_set(0)
        set_escdelay(25)
        wtimeout(window, 100)
        var hasColor = false
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            hasColor = true
        }
        useColor = hasColor
        colors = hasColor ? Int(cn_colors()) : 0
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    public func draw(_ grid: Grid, theme: Theme) {
        if theme != previousTheme {
            installPairs(theme)
            previousTheme = theme
            previous = nil
        }
        if previous == nil || previous!.width != grid.width || previous!.height != grid.height {
            werase(window)
            previous = nil
        }
        for run in GridDiff.runs(from: previous, to: grid) {
            let style = theme.style(run.role)
            var attrs = CN_A_NORMAL
            if style.bold { attrs |= CN_A_BOLD }
            if style.dim { attrs |= CN_A_DIM }
            if style.underline { attrs |= CN_A_UNDERLINE }
            if style.reverse { attrs |= CN_A_REVERSE }
            _ = wattr_set(window, attrs, useColor ? Int16(run.role.rawValue) + 1 : 0, nil)
            _ = mvwaddstr(window, Int32(run.y), Int32(run.x), run.text)
        }
        _ = wattr_set(window, CN_A_NORMAL, 0, nil)
        _ = wrefresh(window)
        previous = grid
    }

    /// Keys ncurses already holds (typed ahead, the rest of a sequence) come first; then the
    /// thread sleeps in `poll` on the keyboard and ``wake`` together, and reads the key without
    /// waiting once one is there. A resize interrupts the poll and is read as `KEY_RESIZE`.
    public func read(timeoutMilliseconds: Int) -> TerminalInput? {
        if let input = readAtOnce() { return input }
        switch wake.wait(milliseconds: timeoutMilliseconds, input: inputFD) {
        case .woken, .timedOut: return nil
        case .input: return readAtOnce()
        }
    }

    /// What ncurses can hand over without waiting for the keyboard (an escape sequence's rest
    /// is still waited for, up to the escape delay); nil when nothing.
    private func readAtOnce() -> TerminalInput? {
        wtimeout(window, 0)
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_RESIZE:
                previous = nil
                return .resize(width: size.width, height: size.height)
            default:
                let f = Int32(code) - cn_key_f(0)
                if (1...24).contains(f) { return .key(.function(Int(f))) }
                return nil
            }
        }
        return KeyDecoder.key(forCharacter: UInt32(code)).map { .key($0) }
    }

    public func flushInput() {
        _ = flushinp()
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        _ = endwin()
        delscreen(screen)
    }

    private func installPairs(_ theme: Theme) {
        guard useColor else { return }
        for role in StyleRole.allCases {
            let style = theme.style(role)
            _ = init_pair(Int16(role.rawValue) + 1, number(style.foreground), number(style.background))
        }
    }

    private func number(_ color: Theme.Color) -> Int16 {
        switch color {
        case .terminalDefault: return -1
        case .indexed(let n):
            if colors >= 256 { return Int16(n) }
            if colors >= 16 { if case .indexed(let b) = color.basic16 { return Int16(b) } }
            if case .indexed(let b) = color.basic16 { return Int16(b % 8) }
            return -1
        }
    }
}

/// The window `newterm` made current (ncurses' `stdscr`, read through a function).
private func stdscr_window() -> UnsafeMutablePointer<WINDOW>? {
    // newwin(0, 0, 0, 0) would be a second window; the current screen's stdscr is what
    // getmaxyx and input should use, reached via the C global through a tiny accessor.
    cn_stdscr()
}
