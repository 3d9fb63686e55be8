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
