import CanaryCore

/// `v`: the selected canary's verdict spelled out. Per check: the counts on each side, the
/// test, its p-value, the effect against its threshold, the outcome and the canary replies it
/// needs; then the overall outcome, alpha, the slow requests in flight charged, and the time to
/// signal at the canary's current rate.
///
/// On a short area the legend goes first, then the longest group loses its last line, again and
/// again: every group keeps its first line (kind, outcome, counts and effect come first for
/// that reason).
struct VerdictPanel {
    typealias Span = TextFlow.Span
    typealias Field = TextFlow.Field
    typealias Line = TextFlow.Line

    let state: DashboardState

    /// Rows the panel would like at `width`.
    func height(width: Int) -> Int { groups(width: width).reduce(0) { $0 + $1.count } }

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.fill(area)
        let lines = Self.fit(groups(width: area.width), height: area.height)
        for (i, line) in lines.prefix(area.height).enumerated() {
            TextFlow.draw(line, into: &grid, x: area.x, y: area.y + i, clip: area)
        }
    }

    /// `groups` cut to `height` rows: the last group (the legend) goes first, then the last line
    /// of the longest group (the later of equals), while any group has more than one.
    static func fit(_ groups: [[Line]], height: Int) -> [Line] {
        var groups = groups
        var total = groups.reduce(0) { $0 + $1.count }
        if total > height, groups.count > 1 { total -= groups.removeLast().count }
        while total > height, let longest = groups.indices.max(by: { groups[$0].count <= groups[$1].count }),
            groups[longest].count > 1 {
            groups[longest].removeLast()
            total -= 1
        }
        return groups.flatMap { $0 }
    }

    /// Title, one group per check, the footer, and the legend last.
    func groups(width: Int) -> [[Line]] {
        guard let name = state.selectedName, let verdict = state.verdict(of: name) else {
            return [[[Span("VERDICT", .title)]], TextFlow.lines(noVerdict.map { [Span($0, .dim)] }, width: width, indent: 0)]
        }
        var groups = [TextFlow.lines(title(verdict), width: width, indent: 2)]
        for check in verdict.checks { groups.append(TextFlow.lines(fields(check, verdict), width: width, indent: 9)) }
        groups.append(TextFlow.lines(footer(verdict), width: width, indent: 2))
        groups.append(TextFlow.lines(legend, width: width, indent: 2))
        return groups
    }

    /// Why there is nothing to show, in parts that wrap one by one.
    private var noVerdict: [String] {
        let select = "select a canary row (↑/↓) to see its verdict"
        guard let stable = state.stableName else {
            return ["no stable subset to judge against:", "the splitter names none (--stable names one)"]
        }
        if let name = state.selectedName, name == stable {
            return ["\(name) is the stable subset, the one canaries are judged against:", select]
        }
        if let name = state.selectedName, state.split?.names.contains(name) == true {
            return ["\(name) has no verdict: no weight and no replies this epoch;", select]
        }
        return [select]
    }

    // MARK: - Title and footer

    private func title(_ v: CanaryVerdict) -> [Field] {
        let policy = state.setup.verdict
        return [
            [Span("VERDICT \(v.canary) vs \(v.stable)", .title), Span("  "), Span(Self.title(v.outcome), Self.role(v.outcome))],
            [Span("alpha \(VerdictCheck.format(p: policy.alpha)), one-sided", .dim)],
            [Span("this epoch: canary \(v.canaryRequests) replies (\(Format.rate(v.canaryRate))/s), stable \(v.stableRequests)")],
        ]
    }

    private func footer(_ v: CanaryVerdict) -> [Field] {
        var fields: [Field] = [[Span(timeToSignal(v), v.moreRequests == 0 ? .normal : .warn)]]
        if let slo = state.setup.verdict.slo {
            let text = "SLO \(Format.latency(slo)): \(state.slowInFlight) in flight past it, \(v.slowInFlightCharged) charged to \(v.canary) (\(state.setup.verdict.inFlight.rawValue))"
            fields.append([Span(text, state.slowInFlight > 0 ? .warn : .dim)])
        } else {
            fields.append([Span("no --slo: requests in flight are not judged", .dim)])
        }
        return fields
    }

    private func timeToSignal(_ v: CanaryVerdict) -> String {
        guard let more = v.moreRequests else {
            // No sample size: no stable replies yet, or a stable rate too high for the rise to happen.
            return v.stableRequests == 0
                ? "time to signal unknown: no stable replies to compare with"
                : "time to signal unknown: no sample size for a check (see needs)"
        }
        if more == 0 { return "time to signal: now (decided)" }
        guard let seconds = v.secondsToSignal else { return "time to signal unknown: \(more) more canary replies, none arriving yet" }
        return "time to signal \(Format.eta(seconds)): \(more) more canary replies at \(Format.rate(v.canaryRate))/s"
    }

    private var legend: [Field] {
        let power = Format.decimal(state.setup.verdict.power * 100, digits: 0)
        return [
            [Span("FAIL: p < alpha and worse than the max", .dim)],
            [Span("PASS: enough replies to catch the max with \(power)% power, and within it", .dim)],
        ]
    }

    // MARK: - Checks

    private func fields(_ c: VerdictCheck, _ v: CanaryVerdict) -> [Field] {
        var fields: [Field] = [
            [Span(Format.left(Self.kindLabel(c.kind), 7), .title)],
            [Span(Self.word(c.outcome), Self.role(c.outcome))],
        ]
        switch c.kind {
        case .errors:
            fields.append([Span("canary \(c.canaryBad)/\(c.canaryTotal) vs stable \(c.stableBad)/\(c.stableTotal)")])
            fields.append(rateEffect(c))
        case .slo:
            let slo = state.setup.verdict.slo.map(Format.latency) ?? "SLO"
            let charged = v.slowInFlightCharged > 0 ? " (incl. \(v.slowInFlightCharged) in flight)" : ""
            fields.append([Span("over \(slo): canary \(c.canaryBad)/\(c.canaryTotal)\(charged) vs stable \(c.stableBad)/\(c.stableTotal)")])
            fields.append(rateEffect(c))
        case .latency:
            guard let l = c.latency else {
                fields.append([Span("replies: canary \(c.canaryTotal) vs stable \(c.stableTotal), too few to compare", .dim)])
                fields.append([Span("Mann-Whitney U + tail Fisher (Bonferroni)", .dim)])
                fields.append(needs(c))
                return fields
            }
            let change = (c.effect ?? 0) > c.threshold
            fields.append([Span("p99 \(Format.latency(l.canaryP99)) vs \(Format.latency(l.stableP99)): "),
                           Span("\(Self.signed(c.effect.map { $0 * 100 }, digits: 0))%", change ? .bad : .good),
                           Span(", max \(Format.decimal(c.threshold * 100))%", .dim)])
            fields.append([Span("p50 \(Format.latency(l.canaryP50)) vs \(Format.latency(l.stableP50))")])
            fields.append([Span("beyond \(Format.latency(l.limit)): canary \(c.canaryBad)/\(c.canaryTotal) vs stable \(c.stableBad)/\(c.stableTotal)")])
            fields.append([Span("p=\(VerdictCheck.format(p: c.pValue))")])
            fields.append([Span("Mann-Whitney U p=\(VerdictCheck.format(p: l.mannWhitneyP)) + tail Fisher p=\(VerdictCheck.format(p: l.tailP)), Bonferroni ×2", .dim)])
            fields.append(needs(c))
            return fields
        }
        fields.append([Span("p=\(VerdictCheck.format(p: c.pValue))")])
        fields.append([Span("Fisher exact, one-sided", .dim)])
        fields.append(needs(c))
        return fields
    }

    private func rateEffect(_ c: VerdictCheck) -> Field {
        guard let effect = c.effect else {
            return [Span("effect: needs replies on both sides", .dim), Span(", max \(Format.decimal(c.threshold * 100))pp", .dim)]
        }
        return [Span("\(Self.signed(effect * 100, digits: 1))pp", effect > c.threshold ? .bad : .good),
                Span(", max \(Format.decimal(c.threshold * 100))pp", .dim)]
    }

    private func needs(_ c: VerdictCheck) -> Field {
        guard let required = c.requiredRequests else {
            let why = c.stableTotal == 0 ? "no stable replies yet" : "the stable's rate leaves no room for the max rise"
            return [Span("no sample size: \(why)", .dim)]
        }
        let has = c.canaryTotal >= required ? "enough" : "\(Format.count(required - c.canaryTotal)) more"
        return [Span("PASS needs \(Format.count(required)) canary replies (\(has))", .dim)]
    }

    // MARK: - Words

    static func kindLabel(_ kind: VerdictCheck.Kind) -> String {
        switch kind {
        case .errors: return "5xx"
        case .slo: return "SLO"
        case .latency: return "latency"
        }
    }

    /// `PASS`, `FAIL`, `INCONCLUSIVE (420 more requests needed)`, `INCONCLUSIVE`: the footer and
    /// the checks say why when no number can be given.
    static func title(_ outcome: CanaryVerdict.Outcome) -> String {
        guard case .inconclusive(let more) = outcome else { return word(outcome) }
        return more.map { "INCONCLUSIVE (\($0) more requests needed)" } ?? "INCONCLUSIVE"
    }

    static func word(_ outcome: CanaryVerdict.Outcome) -> String {
        switch outcome {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .inconclusive: return "INCONC"
        }
    }

    static func role(_ outcome: CanaryVerdict.Outcome) -> StyleRole {
        switch outcome {
        case .pass: return .good
        case .fail: return .bad
        case .inconclusive: return .dim
        }
    }

    /// `+48.0`, `-0.5`, `+∞`.
    static func signed(_ x: Double?, digits: Int) -> String {
        guard let x else { return "?" }
        guard x.isFinite else { return x > 0 ? "+∞" : "-∞" }
        let text = FixedPoint.format(x, digits: digits)
        return text.hasPrefix("-") ? text : "+" + text
    }
}
