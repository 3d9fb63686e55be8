/// One PromQL label matcher, `name="value"`, `!=`, `=~` or `!~`, applied to a series' labels the
/// way Prometheus applies it: a missing label has the value `""`, and a regular expression
/// must match the whole value.
///
/// Regular expressions are read by Swift's `Regex`, which agrees with Prometheus' RE2 on the
/// usual forms (`green|blue`, `5..`, `.*`, classes); RE2-only syntax may be refused.
public struct PromMatcher: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case notMatches = "!~"
    }

    public let label: String
    public let op: Operator
    public let value: String
    /// `Regex` is not `Sendable`, but it is never changed after `init`, which also runs it once
    /// so its lazily built program exists before the matcher is shared.
    nonisolated(unsafe) private let regex: Regex<AnyRegexOutput>?

    /// A matcher; throws when `op` takes a regular expression and `value` is not one.
    public init(label: String, op: Operator, value: String) throws(PromSelectorError) {
        self.label = label
        self.op = op
        self.value = value
        if op == .matches || op == .notMatches {
            do {
                let compiled = try Regex(value)
                _ = try? compiled.wholeMatch(in: "")
                regex = compiled
            } catch {
                throw PromSelectorError(message: "\(label)\(op.rawValue): \(quoted(value)) is not a regular expression")
            }
        } else {
            regex = nil
        }
    }

    /// Whether a series with `labels` passes.
    public func matches(_ labels: PromLabels) -> Bool {
        let actual = labels[label] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .matches: return (try? regex!.wholeMatch(in: actual)) != nil
        case .notMatches: return (try? regex!.wholeMatch(in: actual)) == nil
        }
    }

    /// `name="value"` as PromQL writes it, for building queries.
    public var description: String {
        // PromQL's double-quoted strings need the same three escapes as the text format.
        "\(label)\(op.rawValue)\"\(PromLabels.escape(value))\""
    }

    public static func == (a: PromMatcher, b: PromMatcher) -> Bool {
        a.label == b.label && a.op == b.op && a.value == b.value
    }

    /// Whether every matcher passes (true for none).
    public static func all(_ matchers: [PromMatcher], match labels: PromLabels) -> Bool {
        matchers.allSatisfy { $0.matches(labels) }
    }

    /// The default selector: `local_cluster="<caller>",consul_destination_service="<service>"`.
    public static func defaultSelector(caller: String = "web", service: String) -> [PromMatcher] {
        // Both are plain equality matchers: they cannot fail.
        [try! PromMatcher(label: "local_cluster", op: .equal, value: caller),
         try! PromMatcher(label: SubsetIdentity.destinationServiceLabel, op: .equal, value: service)]
    }
}

/// A `--selector` that is not a list of PromQL label matchers.
public struct PromSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) { self.message = message }

    public var description: String { "selector: \(message)" }
}
