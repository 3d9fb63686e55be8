/// The keys and what they do: the single source of the reducer's dispatch, the key bar and the
/// help screen.
public enum KeyMap {
    /// A key that triggers a command.
    public struct KeyCommand: Sendable, Equatable {
        public var key: Key
        public var command: DashboardCommand
    }

    public struct Binding: Sendable, Equatable {
        /// How the keys are written on screen (`←/→ h/l`).
        public var label: String
        /// What it does.
        public var action: String
        /// Short form for the key bar, or nil to show only in help.
        public var short: String?
        /// Whether it changes the splitter (hidden with --read-only).
        public var writes: Bool
        /// Whether it steers a replay (shown only in `canarytop replay`).
        public var replay: Bool
        /// The keys it matches, each with the command it triggers.
        public var keys: [KeyCommand]

        init(
            _ label: String, _ action: String, short: String? = nil, writes: Bool = false, replay: Bool = false,
            _ keys: [(Key, DashboardCommand)]
        ) {
            self.label = label
            self.action = action
            self.short = short
            self.writes = writes
            self.replay = replay
            self.keys = keys.map { KeyCommand(key: $0.0, command: $0.1) }
        }

        init(
            _ label: String, _ action: String, short: String? = nil, writes: Bool = false, replay: Bool = false, _ keys: [Key],
            _ command: DashboardCommand
        ) {
            self.init(label, action, short: short, writes: writes, replay: replay, keys.map { ($0, command) })
        }
    }

    /// The dashboard's keys, in the order the key bar and the help screen show them.
    public static let bindings: [Binding] = [
        Binding("r", "roll back now: all traffic to the stable subset, no question", short: "rollback", writes: true,
                [.char("r")], .rollback),
        Binding("↑/↓ k/j", "select a subset", short: "select",
                [(.up, .selectPrevious), (.char("k"), .selectPrevious), (.down, .selectNext), (.char("j"), .selectNext)]),
        // `-`/`+` (and `=`, + unshifted) too, named only in the README: the help column is narrow.
        Binding("←/→ h/l", "stage weight away from / toward the selected subset by the step", short: "weight", writes: true,
                [(.left, .shiftAway), (.char("h"), .shiftAway), (.char("-"), .shiftAway),
                 (.right, .shiftToward), (.char("l"), .shiftToward), (.char("+"), .shiftToward), (.char("="), .shiftToward)]),
        Binding("[/]", "change the step: 1, 5, 10, 25", short: "step", writes: true,
                [(.char("["), .smallerStep), (.char("]"), .largerStep)]),
        Binding("1-9 0", "stage the selected subset at 10 %…90 % (0: 0 %)", writes: true,
                (0...9).map { (.char(Character(String($0))), .stage(percent: $0 * 10)) }),
        Binding("Enter", "apply the staged change (new epoch)", short: "apply", writes: true, [.enter], .apply),
        Binding("Esc", "cancel the guard's rollback countdown / discard the staged change / cancel a question", short: "discard", writes: true,
                [.escape], .cancel),
        Binding("P", "promote the selected subset to 100 % (asks y/n)", writes: true, [.char("P")], .promote),
        Binding("space", "pause / resume the probe", short: "pause", [.char(" ")], .togglePause),
        Binding("s", "replay speed: 1×, 2×, 10×, as fast as possible", short: "speed", replay: true, [.char("s")], .replaySpeed),
        Binding(", .", "replay: seek to the previous / next epoch", short: "epoch", replay: true,
                [(.char(","), .replaySeek(.epoch, forward: false)), (.char("."), .replaySeek(.epoch, forward: true))]),
        Binding("< >", "replay: seek to the previous / next verdict change", short: "seek", replay: true,
                [(.char("<"), .replaySeek(.verdict, forward: false)), (.char(">"), .replaySeek(.verdict, forward: true))]),
        Binding("v", "expand the selected canary's verdict: counts, tests, p-values, thresholds", short: "verdict",
                [.char("v")], .toggleVerdict),
        Binding("w", "show counts since the epoch began / over the rolling window", short: "window", [.char("w")], .toggleWindow),
        Binding("c", "clear the tallies (new epoch)", [.char("c")], .clearTallies),
        Binding("t", "next colour theme", [.char("t")], .nextTheme),
        Binding("?", "this help", short: "help", [.char("?"), .function(1)], .help),
        Binding("q Ctrl-C", "quit (asks first when a change is staged)", short: "quit", [.char("q"), .interrupt], .quit),
    ]

    /// The keys that answer a question on the status line (promote? quit anyway?); every other
    /// key is ignored until it is answered.
    public static let answers: [Binding] = [
        Binding("y", "yes", [.char("y"), .char("Y")], .confirm),
        Binding("n Esc q", "no", [.char("n"), .char("N"), .escape, .char("q")], .decline),
        Binding("Ctrl-C", "no, except to \"quit anyway?\"", [.interrupt], .interrupt),
        // The safe direction is never held up, not even by a question on screen.
        Binding("r", "roll back now", writes: true, [.char("r")], .rollback),
    ]

    /// The bindings to show: without the writing ones when read-only, with the replay's only in a replay.
    public static func visible(readOnly: Bool, replay: Bool = false) -> [Binding] {
        bindings.filter { !(readOnly && $0.writes) && (replay || !$0.replay) }
    }

    /// The command `key` triggers: from ``answers`` while a question waits, else from ``bindings``.
    public static func command(for key: Key, answering: Bool = false) -> DashboardCommand? {
        (answering ? answerTable : table)[key]
    }

    private static let table = lookup(bindings)
    private static let answerTable = lookup(answers)

    /// Key → command; should a key be bound twice, the first binding wins (a test forbids it).
    static func lookup(_ bindings: [Binding]) -> [Key: DashboardCommand] {
        Dictionary(bindings.flatMap(\.keys).map { ($0.key, $0.command) }, uniquingKeysWith: { first, _ in first })
    }
}
