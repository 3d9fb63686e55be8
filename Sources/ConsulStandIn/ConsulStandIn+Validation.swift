import CanaryCore

extension ConsulStandIn {
    /// Consul's own checks for the kinds canarytop writes, using CanaryCore's decoder and rules:
    /// unknown keys, the weight sum, duplicate destinations, and subsets that the stored
    /// resolver does not define, and resolver subset filters that do not parse — each refused
    /// with Consul's text.
    public static let consulRules: Validator = { kind, json, lookup in
        switch kind.lowercased() {
        case "service-splitter":
            let document: SplitterDocument
            do {
                document = try SplitterDocument(text: json, label: "request", origin: .file)
            } catch {
                return (error as? ConfigError)?.message ?? "\(error)"
            }
            var resolver: ResolverEntry?
            if let stored = lookup("service-resolver", document.entry.name) {
                resolver = try? ResolverEntry(text: stored, label: "stored resolver", origin: .apiReply)
            }
            return SplitterValidation.validate(document.entry, resolver: resolver).first?.message
        case "service-resolver":
            do {
                let resolver = try ResolverEntry(text: json, label: "request", origin: .file)
                return SplitterValidation.validate(resolver).first?.message ?? filterProblem(resolver)
            } catch {
                return (error as? ConfigError)?.message ?? "\(error)"
            }
        default:
            return nil
        }
    }

    /// `Filter for subset "x" is not a valid expression: …` for the first subset filter that does
    /// not parse. Like Consul, only the syntax is checked: unknown selectors, values of the
    /// wrong type and bad patterns are accepted here (and fail when the filter is used).
    public static func filterProblem(_ resolver: ResolverEntry) -> String? {
        for subset in resolver.subsets where !subset.filter.isEmpty {
            do {
                try FilterExpression.checkSyntax(subset.filter)
            } catch {
                return "Filter for subset \"\(subset.name)\" is not a valid expression: \(error.detail)"
            }
        }
        return nil
    }
}
