/// Decides which subset served a reply, from its trace.
///
/// The hops examined are, by default, each upstream call of the probed service (depth 1); with a
/// hop pattern, every upstream entry at any depth whose URI/key or name matches. Rules are tried
/// in order and the first rule that matches any examined hop wins. With no rules at all, replies
/// are grouped by the first examined hop's `name`. Anything else is unattributed, never guessed.
public struct Attributor: Sendable {
    /// The `--subset` rules, in priority order.
    public var rules: [SubsetRule]
    /// The `--hop` pattern, or `nil` for the direct upstream calls of the probed service.
    public var hopPattern: Glob?

    public init(rules: [SubsetRule] = [], hopPattern: Glob? = nil) {
        self.rules = rules
        self.hopPattern = hopPattern
    }

    /// The subset names the rules can produce, in first-mention order.
    public var subsetNames: [String] {
        var seen: Set<String> = []
        return rules.map(\.subset).filter { seen.insert($0).inserted }
    }

    /// The decision for one trace, with the reason.
    public func attribute(_ trace: Trace) -> Attribution {
        let candidates = examinedHops(of: trace)
        guard !candidates.isEmpty else {
            return Attribution(subset: nil, hop: nil, hopPath: [], reason: .noHop)
        }
        if rules.isEmpty {
            if let named = candidates.first(where: { $0.hop.name != nil }) {
                return Attribution(subset: named.hop.name, hop: named.hop, hopPath: named.path, reason: .hopName)
            }
            let first = candidates[0]
            return Attribution(subset: nil, hop: first.hop, hopPath: first.path, reason: .hopHasNoName)
        }
        for (index, rule) in rules.enumerated() {
            if let hit = candidates.first(where: { rule.selector.matches($0.hop) }) {
                return Attribution(
                    subset: rule.subset, hop: hit.hop, hopPath: hit.path, reason: .rule(index: index, rule: rule))
            }
        }
        let first = candidates[0]
        return Attribution(subset: nil, hop: first.hop, hopPath: first.path, reason: .noRuleMatched)
    }

    /// Builds the record tallied for one reply: attribution, the examined hop's code and
    /// duration, and which hop broke. `status` is the HTTP status the client saw.
    public func observe(_ outcome: TraceOutcome, status: Int, latency: Double) -> Observation {
        switch outcome {
        case .fault(let fault):
            return Observation(subset: nil, status: status, body: .notATrace(fault), latency: latency)
        case .trace(let trace):
            let (subset, hop) = decide(trace)
            return Observation(
                subset: subset, status: status, body: .trace, hopCode: hop?.code,
                hopDuration: hop?.duration, failingHop: trace.failingHop, latency: latency)
        }
    }

    /// The subset and the hop it rests on: the decision of ``attribute(_:)`` without the paths
    /// and reasons, and without allocating when no hop pattern is set (the probe's hot path).
    func decide(_ trace: Trace) -> (subset: String?, hop: Hop?) {
        guard hopPattern == nil else {
            let a = attribute(trace)
            return (a.subset, a.hop)
        }
        let calls = trace.root.upstreamCalls
        guard let first = calls.first else { return (nil, nil) }
        if rules.isEmpty {
            if let named = calls.first(where: { $0.name != nil }) { return (named.name, named) }
            return (nil, first)
        }
        for rule in rules {
            if let hit = calls.first(where: { rule.selector.matches($0) }) { return (rule.subset, hit) }
        }
        return (nil, first)
    }

    /// The hops a rule is tested against, with their paths from the root, in depth-first order.
    public func examinedHops(of trace: Trace) -> [(hop: Hop, path: [String])] {
        let root = trace.root
        guard let hopPattern else {
            return root.upstreamCalls.map { ($0, [root.label, $0.label]) }
        }
        var found: [(hop: Hop, path: [String])] = []
        var stack: [(Hop, [String])] = root.upstreamCalls.reversed().map { ($0, [root.label, $0.label]) }
        while let (hop, path) = stack.popLast() {
            let names = [hop.key, hop.uri, hop.name].compactMap { $0 }
            if names.contains(where: { hopPattern.matches($0) }) { found.append((hop, path)) }
            for call in hop.upstreamCalls.reversed() { stack.append((call, path + [call.label])) }
        }
        return found
    }
}

/// Which subset served a reply, and why.
public struct Attribution: Sendable, Equatable {
    /// The subset, or `nil` for the unattributed row.
    public var subset: String?
    /// The hop the decision rests on (the matching hop, else the first examined one).
    public var hop: Hop?
    /// Labels from the root down to `hop`.
    public var hopPath: [String]
    /// Why the decision came out this way.
    public var reason: Reason

    public enum Reason: Sendable, Equatable {
        /// Rule number `index` (0-based) matched `hop`.
        case rule(index: Int, rule: SubsetRule)
        /// No rules were given, so the hop's `name` is the group.
        case hopName
        /// No rules were given and the examined hop has no `name` (e.g. a `code: -1` entry).
        case hopHasNoName
        /// Rules were given and none matched any examined hop.
        case noRuleMatched
        /// The trace has no hop to examine (no upstream calls, or none matching `--hop`).
        case noHop
    }

    /// One human sentence for `canarytop explain`.
    public var explanation: String {
        let at = hopPath.map { TerminalSafe.clean($0, limit: 80) }.joined(separator: " → ")
        switch reason {
        case .rule(let index, let rule):
            return "rule #\(index + 1) \(TerminalSafe.clean(rule.description)) matched hop \(at)"
        case .hopName:
            return "no rules given: grouped by the name of hop \(at)"
        case .hopHasNoName:
            return "no rules given and hop \(at) has no name: unattributed"
        case .noRuleMatched:
            return "no rule matched any examined hop (first: \(at)): unattributed"
        case .noHop:
            return "the trace has no upstream hop to examine: unattributed"
        }
    }
}
