/// A key the operator pressed, decoded by the terminal shell.
public enum Key: Sendable, Equatable, Hashable {
    case up, down, left, right
    case enter, escape, tab, backspace
    case pageUp, pageDown, home, end
    case function(Int)
    /// Ctrl-C (with the terminal in raw mode it arrives as a key, not a signal).
    case interrupt
    /// A printable character (`r`, `P`, `[`, `1`, space).
    case char(Character)
}

extension Key {
    /// How the key is written in the events pane: `→`, `←`, `l`, `5`, `Enter`.
    public var label: String {
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backspace: return "Backspace"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .function(let n): return "F\(n)"
        case .interrupt: return "Ctrl-C"
        case .char(" "): return "space"
        case .char(let c): return TerminalSafe.clean(String(c))
        }
    }
}
