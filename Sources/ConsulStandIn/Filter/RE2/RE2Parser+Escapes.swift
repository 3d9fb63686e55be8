/// Backslash escapes and `[…]` classes, as Go reads them.
extension RE2Parser {
    mutating func parseBackslash() throws(RE2Error) {
        let start = i
        if i + 1 < s.count {
            switch s[i + 1] {
            case "A": push(.beginText); i += 2; return
            case "z": push(.endText); i += 2; return
            case "b": push(.wordBoundary); i += 2; return
            case "B": push(.noWordBoundary); i += 2; return
            case "C": throw RE2Error("invalid escape sequence", Array(s[i...(i + 1)]))
            case "Q":
                i += 2
                while i < s.count {
                    if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" { i += 2; return }
                    push(.literal(s[i].value, fold: flags.fold))
                    i += 1
                }
                return
            default: break
            }
        }
        if let body = try unicodeClass() ?? perlClass() {
            push(.set(body.set, negated: body.negated, fold: flags.fold))
            return
        }
        i = start
        push(.literal(try escape(), fold: flags.fold))
    }

    /// `\pL`, `\p{Greek}`, `\P{…}`, `\p{^…}` at `i`: the ICU set and whether it is negated.
    mutating func unicodeClass() throws(RE2Error) -> (set: String, negated: Bool)? {
        guard i + 1 < s.count, s[i] == "\\", s[i + 1] == "p" || s[i + 1] == "P" else { return nil }
        let start = i
        var negated = s[i + 1] == "P"
        guard i + 2 < s.count else { return nil }
        var name: String
        if s[i + 2] == "{" {
            guard let close = s[(i + 2)...].firstIndex(of: "}") else { throw RE2Error("invalid character class range", Array(s[start...])) }
            name = String(String.UnicodeScalarView(s[(i + 3)..<close]))
            i = close + 1
        } else {
            name = String(Character(s[i + 2]))
            i += 3
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let set = RE2Names.unicodeSet(name) else { throw RE2Error("invalid character class range", Array(s[start..<i])) }
        return ("[" + set + "]", negated)
    }

    /// `\d \D \s \S \w \W` at `i`.
    mutating func perlClass() -> (set: String, negated: Bool)? {
        guard i + 1 < s.count, s[i] == "\\", s[i + 1].isASCII,
              let entry = RE2Names.perl[UInt8(s[i + 1].value)] else { return nil }
        i += 2
        return (RE2Names.set(entry.ranges, negated: false), entry.negated)
    }

    /// One escaped code point at `i` (which is a backslash).
    mutating func escape() throws(RE2Error) -> UInt32 {
        let start = i
        i += 1
        guard i < s.count else { throw RE2Error("trailing backslash at end of expression") }
        let c = s[i]
        i += 1
        func invalid() -> RE2Error { RE2Error("invalid escape sequence", Array(s[start..<Swift.min(i, s.count)])) }
        switch c {
        case "1"..."7" where !(i < s.count && ("0"..."7").contains(s[i])):
            throw invalid()
        case "0"..."7":
            var value = c.value - 0x30
            for _ in 0..<2 where i < s.count && ("0"..."7").contains(s[i]) {
                value = value * 8 + s[i].value - 0x30
                i += 1
            }
            return value
        case "x":
            guard i < s.count else { throw invalid() }
            if s[i] == "{" {
                i += 1
                var value: UInt32 = 0, digits = 0
                while i < s.count, s[i] != "}" {
                    guard let d = Character(s[i]).hexDigitValue, s[i].isASCII else { i += 1; throw invalid() }
                    value = value * 16 + UInt32(d)
                    digits += 1
                    i += 1
                    if value > 0x10FFFF { throw invalid() }
                }
                guard i < s.count, digits > 0 else { throw invalid() }
                i += 1
                return value
            }
            let hi = hex(s[i])
            i += 1
            let lo = i < s.count ? hex(s[i]) : nil
            i = Swift.min(i + 1, s.count)
            guard let hi, let lo else { throw invalid() }
            return hi * 16 + lo
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        default:
            if c.isASCII, !c.isASCIIAlphanumeric { return c.value }
            throw invalid()
        }
    }

    private func hex(_ c: Unicode.Scalar) -> UInt32? {
        guard c.isASCII, let d = Character(c).hexDigitValue else { return nil }
        return UInt32(d)
    }

    /// `[…]` at `i`.
    mutating func parseClass() throws(RE2Error) -> RE2Node {
        let whole = Array(s[i...])
        i += 1
        var negated = false
        if i < s.count, s[i] == "^" {
            negated = true
            i += 1
        }
        var body = ""
        var first = true
        while i >= s.count || s[i] != "]" || first {
            first = false
            guard i < s.count else { throw RE2Error("missing closing ]", whole) }
            if s[i] == "[", i + 1 < s.count, s[i + 1] == ":", let named = try posixClass() {
                body += named
                continue
            }
            if let unicode = try unicodeClass() ?? perlClass() {
                body += unicode.negated ? "[^" + unicode.set + "]" : unicode.set
                continue
            }
            let lo = try classChar(whole)
            var hi = lo
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                hi = try classChar(whole)
                guard hi >= lo else { throw RE2Error("invalid character class range", [Unicode.Scalar(lo) ?? "?", "-", Unicode.Scalar(hi) ?? "?"]) }
            }
            body += RE2Names.range(lo...hi)
        }
        i += 1
        return .set(body, negated: negated, fold: flags.fold)
    }

    private mutating func classChar(_ whole: [Unicode.Scalar]) throws(RE2Error) -> UInt32 {
        guard i < s.count else { throw RE2Error("missing closing ]", whole) }
        if s[i] == "\\" { return try escape() }
        i += 1
        return s[i - 1].value
    }

    /// `[:alpha:]` / `[:^alpha:]` at `i`; nil when no `:]` follows (then `[` is a literal).
    private mutating func posixClass() throws(RE2Error) -> String? {
        guard let end = (i + 2..<s.count).first(where: { s[$0] == ":" && $0 + 1 < s.count && s[$0 + 1] == "]" }) else { return nil }
        var name = String(String.UnicodeScalarView(s[(i + 2)..<end]))
        let text = Array(s[i...(end + 1)])
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let ranges = RE2Names.posix[name] else { throw RE2Error("invalid character class range", text) }
        i = end + 2
        return RE2Names.set(ranges, negated: negated)
    }
}
