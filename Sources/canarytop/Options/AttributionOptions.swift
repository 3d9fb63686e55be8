import ArgumentParser
import CanaryCore

/// `--subset NAME=SELECTOR` (repeatable) and `--hop <glob>`: how replies are attributed to subsets.
struct AttributionOptions: ParsableArguments {
    @Option(
        name: .customLong("subset"),
        help: ArgumentHelp(
            "A subset rule NAME=SELECTOR; repeatable, first match wins. Selectors: name:<glob>, ip:<address|CIDR>, header:<Header>=<value>, body:<substring>.",
            valueName: "rule"))
    var subsetRules: [String] = []

    @Option(
        name: .customLong("hop"),
        help: ArgumentHelp(
            "Examine the upstream entries whose URI or name matches this glob, at any depth (default: each direct upstream call of the probed service).",
            valueName: "glob"))
    var hop: String?

    /// The attributor these options describe; a bad rule is a usage error naming the rule.
    func attributor() throws -> Attributor {
        var rules: [SubsetRule] = []
        for text in subsetRules {
            do {
                rules.append(try SubsetRule(parsing: text))
            } catch {
                throw ValidationError(error.message)
            }
        }
        return Attributor(rules: rules, hopPattern: hop.map(Glob.init))
    }
}
