import ArgumentParser
import CanaryCore
import CanaryStore

/// `canarytop split set <file> <subset>=<weight> […]`.
struct SplitSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set weights: one subset (the others rebalance in proportion), or all of them explicitly.",
        discussion: "Examples: split set payments.hcl green=10    split set payments.hcl blue=90 green=10")

    @OptionGroup var splitter: SplitterOptions

    @Argument(help: ArgumentHelp("subset=weight, in percent (33.34 allowed).", valueName: "subset=weight"))
    var weights: [String] = []

    func validate() throws {
        guard !weights.isEmpty || splitter.leadingWeight != nil else {
            throw ValidationError("give at least one <subset>=<weight>")
        }
        _ = try parsed()
    }

    func parsed() throws -> [(String, Weight)] {
        try ((splitter.leadingWeight.map { [$0] } ?? []) + weights).map { text in
            guard let eq = text.lastIndex(of: "="), eq != text.startIndex else {
                throw ValidationError("\"\(text)\": expected <subset>=<weight>, e.g. green=10")
            }
            let valueText = String(text[text.index(after: eq)...])
            guard let weight = Weight(parsing: valueText) else {
                throw ValidationError("\"\(text)\": \"\(valueText)\" is not a weight in percent")
            }
            return (String(text[..<eq]), weight)
        }
    }

    func run() async throws {
        let pairs = try parsed()
        if pairs.count == 1 {
            try await SplitRunner.run(.set(pairs[0].0, to: pairs[0].1), splitter)
        } else {
            var all: [String: Weight] = [:]
            for (name, weight) in pairs {
                guard all.updateValue(weight, forKey: name) == nil else { throw CLIError("\(name) is given more than once") }
            }
            try await SplitRunner.run(.setAll(all), splitter)
        }
    }
}

/// `canarytop split shift <file> --to <subset> --by <points>`.
struct SplitShiftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shift",
        abstract: "Move weight toward a subset by some points (negative moves it away); the others rebalance.")

    @OptionGroup var splitter: SplitterOptions

    @Option(help: ArgumentHelp("The subset that gains (or, with a negative --by, loses) weight.", valueName: "subset"))
    var to: String

    // Unconditional: `--by -10` is a value, not an option (the help says so).
    @Option(parsing: .unconditional, help: ArgumentHelp("Points of weight to move, e.g. 5 or -10.", valueName: "points"))
    var by: String

    func validate() throws {
        guard Weight(parsing: by) != nil else { throw ValidationError("--by \"\(by)\" is not a number of points") }
    }

    func run() async throws {
        try await SplitRunner.run(.shift(toward: to, by: Weight(parsing: by)!), splitter)
    }
}

/// `canarytop split rollback <file>`.
struct SplitRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Send everything back to the stable subset (resolver default, else --stable, else the first split).",
        discussion: "Every other split stays in the file, at weight 0.")

    @OptionGroup var splitter: SplitterOptions

    func run() async throws {
        try await SplitRunner.run(.rollback, splitter)
    }
}

/// `canarytop split promote <file> --to <subset>`.
struct SplitPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Send everything to one subset; every other split stays, at weight 0.")

    @OptionGroup var splitter: SplitterOptions

    @Option(help: ArgumentHelp("The subset that takes all traffic.", valueName: "subset"))
    var to: String

    func run() async throws {
        try await SplitRunner.run(.promote(to), splitter)
    }
}
