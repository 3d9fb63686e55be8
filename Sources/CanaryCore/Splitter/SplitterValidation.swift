/// Consul's own checks on splitter and resolver entries, with Consul's exact messages.
///
/// `consul config write` stops at the first problem; these functions list every problem
/// they find, in the order Consul checks, so `.first` is what Consul would report.
public enum SplitterValidation {
    /// Problems with a splitter, optionally checked against the resolver of its service.
    ///
    /// Order: unknown keys (file decoding), `Name`, splits present, `Meta` limits,
    /// duplicate destinations, the weight sum, then subsets missing from `resolver`.
    public static func validate(_ entry: SplitterEntry, resolver: ResolverEntry? = nil) -> [SplitterIssue] {
        var issues = entry.unknownKeys.map { SplitterIssue("invalid config key \(GoQuote.quote($0))") }
        if entry.name.isEmpty { issues.append(SplitterIssue("Name is required")) }
        if entry.splits.isEmpty {
            issues.append(SplitterIssue("no splits configured"))
            return issues
        }
        issues += metaIssues(entry.meta)
        var seen = Set<[String]>()
        for split in entry.splits {
            let service = split.service.isEmpty ? entry.name : split.service
            let key = [service, split.serviceSubset, split.namespace, split.partition]
            if !seen.insert(key).inserted {
                issues.append(SplitterIssue("split destination occurs more than once: service=\(GoQuote.quote(service)),"
                    + " subset=\(GoQuote.quote(split.serviceSubset)), namespace=\(GoQuote.quote(split.namespace)),"
                    + " partition=\(GoQuote.quote(split.partition))"))
            }
        }
        let sum = entry.weights.total()
        if sum != .full { issues.append(SplitterIssue(sumMessage(sum))) }
        if let resolver {
            for split in entry.splits {
                let service = split.service.isEmpty ? entry.name : split.service
                if service == resolver.name, !resolver.hasSubset(split.serviceSubset) {
                    issues.append(SplitterIssue("service \(GoQuote.quote(service)) does not have a subset named"
                                                + " \(GoQuote.quote(split.serviceSubset))"))
                }
            }
        }
        return issues
    }

    /// Consul's message for a weight sum other than 100, e.g. `… must be 100, not 80.000000`.
    /// Consul divides in `float32`, so 99.99 prints as `99.989998`.
    public static func sumMessage(_ sum: Weight) -> String {
        "the sum of all split weights must be 100, not \(GoFloatFormat.fixed6(Float(sum.hundredths) / 100))"
    }

    /// Problems with a resolver: unknown keys, `Name`, `Meta`, subset names, `DefaultSubset`.
    /// Filter expressions are not checked.
    public static func validate(_ resolver: ResolverEntry) -> [SplitterIssue] {
        var issues = resolver.unknownKeys.map { SplitterIssue("invalid config key \(GoQuote.quote($0))") }
        if resolver.name.isEmpty { issues.append(SplitterIssue("Name is required")) }
        issues += metaIssues(resolver.meta)
        for subset in resolver.subsets {
            if subset.name.isEmpty {
                issues.append(SplitterIssue("Subset defined with empty name"))
            } else if let problem = subsetNameProblem(subset.name) {
                issues.append(SplitterIssue("Subset \(GoQuote.quote(subset.name)) is invalid: \(problem)"))
            }
        }
        if !resolver.defaultSubset.isEmpty, !resolver.subsets.contains(where: { $0.name == resolver.defaultSubset }) {
            issues.append(SplitterIssue("DefaultSubset \(GoQuote.quote(resolver.defaultSubset)) is not a valid subset"))
        }
        return issues
    }

    /// Why a subset name is not a DNS label (`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`, ≤ 63
    /// bytes), in Consul's words; `nil` when it is fine.
    public static func subsetNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty || bytes.count > 63 { return "must be non-empty and 63 characters or fewer" }
        func alphanumeric(_ byte: UInt8) -> Bool {
            isDecimalDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        }
        let valid = alphanumeric(bytes[0]) && alphanumeric(bytes[bytes.count - 1])
            && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
        if valid { return nil }
        return "must be 63 characters or fewer, begin or end with lower case alphanumeric characters,"
            + " and contain lower case alphanumeric characters or '-' in between"
    }

    private static func metaIssues(_ meta: [KeyValue]) -> [SplitterIssue] {
        var issues: [SplitterIssue] = []
        if meta.count > 64 { issues.append(SplitterIssue("Meta exceeds maximum element count 64")) }
        for pair in meta {
            if pair.key.utf8.count > 128 {
                issues.append(SplitterIssue("Meta key \(GoQuote.quote(pair.key)) exceeds maximum length 128"))
            }
            if pair.value.utf8.count > 512 {
                issues.append(SplitterIssue("Meta value for key \(GoQuote.quote(pair.key)) exceeds maximum length 512"))
            }
        }
        return issues
    }
}

/// One reason Consul would refuse an entry, worded exactly as Consul words it.
public struct SplitterIssue: Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
