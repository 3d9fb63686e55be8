import ArgumentParser
import CanaryApp

/// How the dashboard may change the splitter it follows: how a change is written (shared with
/// `split`), read-only, the theme.
struct SteeringOptions: ParsableArguments {
    @OptionGroup var write: ApplyOptions

    @Flag(help: "Hide and disable every key that writes.")
    var readOnly = false

    @Option(help: ArgumentHelp("A theme name or file (default: default).", valueName: "theme"))
    var theme: String?

    /// The steering a watch is configured with.
    var steering: WatchConfiguration.Steering {
        WatchConfiguration.Steering(
            apply: write.mode, journal: write.journal, stable: write.stable, dryRun: write.dryRun, readOnly: readOnly)
    }
}
