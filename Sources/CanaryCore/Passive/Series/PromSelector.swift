/// Reads a list of PromQL label matchers, as given to `--selector`:
/// `local_cluster="web", consul_destination_service=~"pay.*"`, with or without braces.
///
/// Values are quoted with `"`, `'` or a backtick, as in PromQL; inside `"` and `'` the Go
/// escapes `\\ \" \' \n \t \r` are decoded, a backtick string is raw. An empty text is no
/// matcher at all.
public enum PromSelector {
    public static func parse(_ text: String) throws(PromSelectorError) -> [PromMatcher] {
        var scalars = Array(text.unicodeScalars)[...]
        func skipSpace() { while let s = scalars.first, s == " " || s == "\t" || s == "\n" { scalars.removeFirst() } }
        func at() -> String { "at column \(text.unicodeScalars.count - scalars.count + 1)" }
        skipSpace()
        let braced = scalars.first == "{"
        if braced { scalars.removeFirst() }
        var matchers: [PromMatcher] = []
        var open = braced
        while true {
            skipSpace()
            if open, scalars.first == "}" { scalars.removeFirst(); open = false; break }
            if scalars.isEmpty { break }
            var name = ""
            while let s = scalars.first, s.isASCII, PromSampleLine.isNamePart(UInt8(s.value), colon: false) {
                if name.isEmpty, ("0"..."9").contains(s) { break }
                name.unicodeScalars.append(scalars.removeFirst())
            }
            guard !name.isEmpty else { throw PromSelectorError(message: "expected a label name \(at())") }
            skipSpace()
            let op: PromMatcher.Operator
            switch (scalars.first, scalars.dropFirst().first) {
            case ("=", "~"): op = .matches; scalars.removeFirst(2)
            case ("!", "~"): op = .notMatches; scalars.removeFirst(2)
            case ("!", "="): op = .notEqual; scalars.removeFirst(2)
            case ("=", _): op = .equal; scalars.removeFirst()
            default: throw PromSelectorError(message: "expected =, !=, =~ or !~ after \(name) \(at())")
            }
            skipSpace()
            guard let quote = scalars.first, quote == "\"" || quote == "'" || quote == "`" else {
                throw PromSelectorError(message: "expected a quoted value after \(name)\(op.rawValue) \(at())")
            }
            scalars.removeFirst()
            var value = ""
            var closed = false
            while let s = scalars.first {
                scalars.removeFirst()
                if s == quote { closed = true; break }
                if s == "\\", quote != "`", let next = scalars.first {
                    scalars.removeFirst()
                    switch next {
                    case "n": value += "\n"
                    case "t": value += "\t"
                    case "r": value += "\r"
                    case "\\", "\"", "'": value.unicodeScalars.append(next)
                    default: throw PromSelectorError(message: "unknown escape \\\(next) in the value of \(name)")
                    }
                } else {
                    value.unicodeScalars.append(s)
                }
            }
            guard closed else { throw PromSelectorError(message: "the value of \(name) is not closed with \(quote)") }
            matchers.append(try PromMatcher(label: name, op: op, value: value))
            skipSpace()
            if scalars.first == "," { scalars.removeFirst(); continue }
            if open, scalars.first == "}" { scalars.removeFirst(); open = false; break }
            guard scalars.isEmpty else { throw PromSelectorError(message: "expected ',' \(at())") }
            break
        }
        if open { throw PromSelectorError(message: "missing '}'") }
        skipSpace()
        guard scalars.isEmpty else { throw PromSelectorError(message: "unexpected text after the selector \(at())") }
        return matchers
    }
}
