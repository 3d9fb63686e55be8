/// A shell-style pattern: `*` any run of characters, `?` one character, `[abc]`/`[a-z]`/`[!x]` a class.
///
/// `api-*` matches `api-v1`; `http://*:9091*` matches `http://localhost:9091/`. Matching is
/// case-sensitive and on Unicode scalars, without backtracking blow-ups (linear-time two-pointer
/// match with a single star restart point).
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as the operator wrote it.
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Sendable, Equatable {
        case literal(Unicode.Scalar)
        case any
        case star
        case set(negated: Bool, ranges: [ClosedRange<UInt32>])
    }

    /// Parses `pattern`; an unclosed `[` is taken literally.
    public init(_ pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "*":
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case "?":
                tokens.append(.any)
                i += 1
            case "[":
                if let (token, next) = Glob.parseSet(scalars, from: i) {
                    tokens.append(token)
                    i = next
                } else {
                    tokens.append(.literal(c))
                    i += 1
                }
            case "\\" where i + 1 < scalars.count:
                tokens.append(.literal(scalars[i + 1]))
                i += 2
            default:
                tokens.append(.literal(c))
                i += 1
            }
        }
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// Whether the pattern has any wildcard at all (if not, it is a plain equality test).
    public var isLiteral: Bool {
        tokens.allSatisfy { if case .literal = $0 { return true } else { return false } }
    }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: some StringProtocol) -> Bool {
        let s = Array(text.unicodeScalars)
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < s.count {
            if p < tokens.count {
                switch tokens[p] {
                case .star:
                    starP = p
                    starT = t
                    p += 1
                    continue
                case .any:
                    t += 1; p += 1
                    continue
                case .literal(let c) where c == s[t]:
                    t += 1; p += 1
                    continue
                case .set(let negated, let ranges) where ranges.contains { $0.contains(s[t].value) } != negated:
                    t += 1; p += 1
                    continue
                default:
                    break
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starT += 1
            t = starT
        }
        while p < tokens.count, tokens[p] == .star { p += 1 }
        return p == tokens.count
    }

    private static func parseSet(_ s: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < s.count, s[i] == "!" || s[i] == "^" {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while i < s.count {
            let c = s[i]
            if c == "]" && !first { return (.set(negated: negated, ranges: ranges), i + 1) }
            first = false
            if i + 2 < s.count, s[i + 1] == "-", s[i + 2] != "]" {
                let lo = c.value, hi = s[i + 2].value
                ranges.append(min(lo, hi)...max(lo, hi))
                i += 3
            } else {
                ranges.append(c.value...c.value)
                i += 1
            }
        }
        return nil
    }
}
