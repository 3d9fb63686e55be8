/// One `--subset NAME=SELECTOR` rule: replies whose examined hop satisfies the selector belong to NAME.
public struct SubsetRule: Sendable, Equatable, CustomStringConvertible {
    /// The subset's name (`green`).
    public var subset: String
    /// The test applied to a hop.
    public var selector: Selector

    public init(subset: String, selector: Selector) {
        self.subset = subset
        self.selector = selector
    }

    /// Parses `green=ip:10.42.0.19`. The subset name is everything before the first `=`.
    public init(parsing text: String) throws(RuleError) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw RuleError("--subset \"\(text)\": expected NAME=SELECTOR, e.g. green=ip:10.42.0.19")
        }
        let name = String(text[..<eq])
        guard name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw RuleError("--subset \"\(text)\": subset name \"\(name)\" may hold only letters, digits, '-', '_' and '.'")
        }
        do {
            self.init(subset: name, selector: try Selector(parsing: String(text[text.index(after: eq)...])))
        } catch {
            throw RuleError("--subset \"\(text)\": \(error.message.replacingPrefix())")
        }
    }

    public var description: String { "\(subset)=\(selector)" }
}

extension String {
    /// Drops a leading `selector "…": ` so nested messages read once.
    fileprivate func replacingPrefix() -> String {
        guard hasPrefix("selector \""), let range = firstRange(of: "\": ") else { return self }
        return String(self[range.upperBound...])
    }
}
