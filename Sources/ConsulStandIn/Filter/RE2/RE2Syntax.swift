/// A regular expression in Go's syntax, parsed: what the translation to ICU works from.
indirect enum RE2Node {
    case empty
    /// A code point, matched without case when `fold` is set.
    case literal(UInt32, fold: Bool)
    /// A set of code points: ICU set text, whether it is negated, and case folding.
    case set(String, negated: Bool, fold: Bool)
    /// `.`: any code point but `\n` unless `dotNL` (flag `s`).
    case any(dotNL: Bool)
    case beginLine, endLine, beginText, endText, wordBoundary, noWordBoundary
    case concat([RE2Node])
    case alternate([RE2Node])
    /// `(…)`, `(?P<name>…)`, `(?flags:…)`: grouping only, as far as matching goes.
    case group(RE2Node)
    /// `*` (0, nil), `+` (1, nil), `?` (0, 1) and `{min,max}` (`counted`).
    case `repeat`(RE2Node, min: Int, max: Int?, counted: Bool)
}

/// Go's refusal of a pattern: `missing closing ): `(``.
struct RE2Error: Error, Equatable {
    var message: String

    init(_ code: String, _ expression: [Unicode.Scalar]) {
        var text = ""
        text.unicodeScalars.append(contentsOf: expression)
        message = "\(code): `\(text)`"
    }

    init(_ message: String) { self.message = message }
}

extension RE2Node {
    /// Whether this repetition (and those inside it) stays within `limit` copies of the
    /// innermost item, as Go requires of counted repetitions (`(a{100}){100}` is refused).
    func repeatIsValid(_ limit: Int) -> Bool {
        var n = limit
        switch self {
        case .repeat(let sub, let min, let max, let counted):
            if counted {
                let m = max ?? min
                if max == 0 { return true }
                if m > n { return false }
                if m > 0 { n /= m }
            }
            return sub.repeatIsValid(n)
        case .concat(let subs), .alternate(let subs):
            return subs.allSatisfy { $0.repeatIsValid(n) }
        case .group(let sub):
            return sub.repeatIsValid(n)
        default:
            return true
        }
    }

    /// An ICU pattern matching exactly what Go's regexp matches with this expression.
    var icu: String {
        switch self {
        case .empty: return "(?:)"
        case .literal(let c, let fold):
            return fold ? "(?i:[" + RE2Names.codePoint(c) + "])" : RE2Names.codePoint(c)
        case .set(let body, let negated, let fold):
            if !fold { return "[" + (negated ? "^" : "") + body + "]" }
            // Go folds the set, then negates it.
            return negated ? "(?:(?!(?i:[" + body + "]))[\\x{0}-\\x{10FFFF}])" : "(?i:[" + body + "])"
        case .any(let dotNL): return dotNL ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n]"
        case .beginLine: return "(?:\\A|(?<=\\n))"
        case .endLine: return "(?=\\n|\\z)"
        case .beginText: return "\\A"
        case .endText: return "\\z"
        case .wordBoundary: return "(?:(?<=\(Self.word))(?!\(Self.word))|(?<!\(Self.word))(?=\(Self.word)))"
        case .noWordBoundary: return "(?:(?<=\(Self.word))(?=\(Self.word))|(?<!\(Self.word))(?!\(Self.word)))"
        case .concat(let subs): return subs.map(\.icu).joined()
        case .alternate(let subs): return "(?:" + subs.map(\.icu).joined(separator: "|") + ")"
        case .group(let sub): return "(?:" + sub.icu + ")"
        case .repeat(let sub, let min, let max, _):
            let body = "(?:" + sub.icu + ")"
            switch (min, max) {
            case (0, nil): return body + "*"
            case (1, nil): return body + "+"
            case (_, nil): return body + "{\(min),}"
            case (_, let max?) where max == min: return body + "{\(min)}"
            case (_, let max?): return body + "{\(min),\(max)}"
            }
        }
    }

    /// Go's `\b` is ASCII: letters, digits and `_`.
    private static let word = "[0-9A-Za-z_]"
}
