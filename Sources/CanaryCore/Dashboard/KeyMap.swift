/// The keys and what they do: the single source of the key bar and the help screen.
public enum KeyMap {
    public struct Binding: Sendable, Equatable {
        /// How the key is written on screen (`←/→ h/l`).
        public var keys: String
        /// What it does.
        public var action: String
        /// Short form for the key bar, or nil to show only in help.
        public var short: String?
        /// Whether it changes the splitter (hidden with --read-only).
        public var writes: Bool
    }

    public static let bindings: [Binding] = [
        Binding(keys: "r", action: "roll back now: all traffic to the stable subset, no question", short: "rollback", writes: true),
        Binding(keys: "↑/↓ k/j", action: "select a subset", short: "select", writes: false),
        Binding(keys: "←/→ h/l", action: "stage weight away from / toward the selected subset by the step", short: "weight", writes: true),
        Binding(keys: "[ ]", action: "change the step: 1, 5, 10, 25", short: "step", writes: true),
        Binding(keys: "1-9 0", action: "stage the selected subset at 10 %…90 % (0: 0 %)", short: nil, writes: true),
        Binding(keys: "Enter", action: "apply the staged change (new epoch)", short: "apply", writes: true),
        Binding(keys: "Esc", action: "cancel the guard's rollback countdown / discard the staged change / cancel a question", short: "discard", writes: true),
        Binding(keys: "P", action: "promote the selected subset to 100 % (asks y/n)", short: nil, writes: true),
        Binding(keys: "space", action: "pause / resume the probe", short: "pause", writes: false),
        Binding(keys: "v", action: "expand the selected canary's verdict: counts, tests, p-values, thresholds", short: "verdict", writes: false),
        Binding(keys: "w", action: "show counts since the epoch began / over the rolling window", short: "window", writes: false),
        Binding(keys: "c", action: "clear the tallies (new epoch)", short: nil, writes: false),
        Binding(keys: "t", action: "next colour theme", short: nil, writes: false),
        Binding(keys: "?", action: "this help", short: "help", writes: false),
        Binding(keys: "q Ctrl-C", action: "quit (asks first when a change is staged)", short: "quit", writes: false),
    ]

    /// The bindings to show: without the writing ones when read-only.
    public static func visible(readOnly: Bool) -> [Binding] {
        bindings.filter { !(readOnly && $0.writes) }
    }
}
