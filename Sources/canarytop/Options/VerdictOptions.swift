import ArgumentParser
import CanaryCore

/// How canaries are judged and what canarytop may do on its own: `--alpha`, `--slo`, `--guard`,
/// `--steps`, …. Shared by `watch` (dashboard and headless) and `demo`'s dashboard.
///
/// Every value is read as text and checked here, so a bad one is refused in one line naming
/// the option (``CLIError``), never with a page of usage.
struct VerdictOptions: ParsableArguments {
    @Option(help: ArgumentHelp("One-sided significance a difference must reach before a canary FAILs (above 0, below 0.5; default 0.01).", valueName: "p"))
    var alpha: String?

    @Option(name: .customLong("max-5xx-increase"), help: ArgumentHelp(
        "The smallest rise in the 5xx rate (and in the SLO-breach rate) that counts as worse, in percentage points: 1pp (default), 0.5pp, 2%.",
        valueName: "points"))
    var max5xxIncrease: String?

    @Option(name: .customLong("max-p99-increase"), help: ArgumentHelp(
        "The smallest rise in p99 latency over the stable's that counts as worse: 20% (default).", valueName: "percent"))
    var maxP99Increase: String?

    @Option(help: ArgumentHelp(
        "Latency objective (1s, 500ms): replies slower than it, and requests still in flight past it, count as breaches (an SLO check, and slow requests are judged before they end).",
        valueName: "duration"))
    var slo: String?

    @Option(name: .customLong("charge-in-flight"), help: ArgumentHelp(
        "With --slo: who a request in flight past the SLO counts against while its subset is unknown: canary (default), split (by weight) or ignore.",
        valueName: "who"))
    var chargeInFlight: String?

    @Flag(name: .customLong("guard"), help: "Roll back to the stable subset on its own when a canary FAILs (needs --splitter or --consul-entry).")
    var guardEnabled = false

    @Option(name: .customLong("guard-countdown"), help: ArgumentHelp(
        "The dashboard's countdown before the guard rolls back (Esc cancels); 0 acts at once. Default 3s. Headless runs act at once.",
        valueName: "duration"))
    var guardCountdown: String?

    @Option(help: ArgumentHelp(
        "Walk the canary through these weights (increasing percentages above 0, at most 100), advancing on PASS and rolling back on FAIL; e.g. 1,5,25,50,100.",
        valueName: "list"))
    var steps: String?

    @Option(name: .customLong("step-every"), help: ArgumentHelp("With --steps: the least time at each step (default 30s).", valueName: "duration"))
    var stepEvery: String?

    @Flag(name: .customLong("advance-on-inconclusive"), help: "With --steps: advance unless FAIL, not only on PASS.")
    var advanceOnInconclusive = false

    @Option(name: .customLong("rollback-ramp"), help: ArgumentHelp(
        "Automatic rollbacks return traffic to stable over this long, in four equal cuts (default: at once).", valueName: "duration"))
    var rollbackRamp: String?

    /// Whether canarytop may write the splitter on its own.
    var writesOnItsOwn: Bool { guardEnabled || steps != nil }

    func validate() throws {
        _ = try verdictPolicy()
        _ = try rolloutPolicy(headless: false)
        if chargeInFlight != nil && slo == nil { throw CLIError("--charge-in-flight needs --slo (only requests in flight past the SLO are charged)") }
        if !writesOnItsOwn {
            for (given, name) in [(guardCountdown != nil, "--guard-countdown"), (rollbackRamp != nil, "--rollback-ramp")] where given {
                throw CLIError("\(name) needs --guard or --steps")
            }
        }
        if steps == nil {
            for (given, name) in [(stepEvery != nil, "--step-every"), (advanceOnInconclusive, "--advance-on-inconclusive")] where given {
                throw CLIError("\(name) needs --steps")
            }
        }
    }

    /// The name of the first option that lets canarytop write (`--guard`, `--steps`), if any.
    var writingOption: String? { guardEnabled ? "--guard" : (steps != nil ? "--steps" : nil) }

    /// Checks that the guard and the plan have a splitter to write and may write it.
    func validate(hasSplitter: Bool, readOnly: Bool) throws {
        guard let option = writingOption else { return }
        if !hasSplitter { throw CLIError("\(option) needs a splitter to write: --splitter <file> or --consul-entry <name>") }
        if readOnly { throw CLIError("\(option) writes the splitter, so it cannot be used with --read-only") }
    }

    /// How canaries are judged.
    func verdictPolicy() throws -> VerdictPolicy {
        var policy = VerdictPolicy()
        if let alpha {
            guard let a = Double(alpha), a > 0, a < 0.5 else {
                throw CLIError("--alpha \"\(alpha)\": expected a significance above 0 and below 0.5, such as 0.01")
            }
            policy.alpha = a
        }
        if let max5xxIncrease { policy.maxErrorIncrease = try Self.points(max5xxIncrease, option: "--max-5xx-increase") }
        if let maxP99Increase { policy.maxP99Increase = try Self.percent(maxP99Increase, option: "--max-p99-increase") }
        if let slo {
            let seconds = try Self.duration(slo, option: "--slo")
            guard seconds > 0 else { throw CLIError("--slo \"\(slo)\": must be more than 0") }
            policy.slo = seconds
        }
        if let chargeInFlight {
            guard let charge = InFlightCharge(rawValue: chargeInFlight) else {
                throw CLIError("--charge-in-flight \"\(chargeInFlight)\": expected canary, split or ignore")
            }
            policy.inFlight = charge
        }
        return policy
    }

    /// What canarytop does on its own. Headless runs act at once: no countdown.
    func rolloutPolicy(headless: Bool) throws -> RolloutPolicy {
        var policy = RolloutPolicy(guardEnabled: guardEnabled, advanceOnInconclusive: advanceOnInconclusive)
        if let guardCountdown {
            if headless { throw CLIError("--guard-countdown is for the dashboard; headless runs roll back at once") }
            policy.countdown = try Self.duration(guardCountdown, option: "--guard-countdown")
        }
        if headless { policy.countdown = 0 }
        if let steps { policy.steps = try Self.steps(steps) }
        if let stepEvery {
            let seconds = try Self.duration(stepEvery, option: "--step-every")
            guard seconds > 0 else { throw CLIError("--step-every \"\(stepEvery)\": must be more than 0") }
            policy.stepEvery = seconds
        }
        if let rollbackRamp {
            let seconds = try Self.duration(rollbackRamp, option: "--rollback-ramp")
            policy.rollbackRamp = seconds > 0 ? seconds : nil
        }
        return policy
    }

    // MARK: - Values

    /// `1,5,25,50,100`: increasing percentages above 0, at most 100.
    static func steps(_ text: String) throws -> [Weight] {
        var weights: [Weight] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: " ")
            guard let w = Weight(parsing: item), w > .zero, w <= .full else {
                throw CLIError("--steps \"\(text)\": \"\(item)\" is not a percentage above 0 and at most 100")
            }
            if let last = weights.last, w <= last {
                throw CLIError("--steps \"\(text)\": the steps must increase (\(w) after \(last))")
            }
            weights.append(w)
        }
        return weights
    }

    /// Percentage points as a fraction: `1pp` and `1%` are 0.01; above 0 and below 100.
    static func points(_ text: String, option: String) throws -> Double {
        let number = text.hasSuffix("pp") ? text.dropLast(2) : (text.hasSuffix("%") ? text.dropLast() : nil)
        guard let number, let value = Double(number), value > 0, value < 100, number.first?.isNumber == true else {
            throw CLIError("\(option) \"\(text)\": expected percentage points above 0 and below 100, such as 1pp, 0.5pp or 2%")
        }
        return value / 100
    }

    /// A percentage as a fraction: `20%` is 0.2; above 0.
    static func percent(_ text: String, option: String) throws -> Double {
        guard text.hasSuffix("%"), let value = Double(text.dropLast()), value > 0, value <= 100_000, text.first?.isNumber == true else {
            throw CLIError("\(option) \"\(text)\": expected a percentage above 0, such as 20% or 50%")
        }
        return value / 100
    }

    /// A duration that is refused in one line (``ProbeOptions/duration(_:option:)`` words).
    static func duration(_ text: String, option: String) throws -> Double {
        do {
            return try ProbeOptions.duration(text, option: option)
        } catch let error as ValidationError {
            throw CLIError(error.message)
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
