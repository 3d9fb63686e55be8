/// Parses a regular expression as Go's `regexp.Compile` does (RE2 syntax with Perl flags),
/// refusing what Go refuses: look-around, back-references, `\Z`, `\C`, possessive or
/// stacked repetition (`a**`), counts over 1000, unknown classes and escapes.
///
/// Named groups may be written `(?P<name>…)` or `(?<name>…)`: Go accepts the second form
/// since 1.22, and current Consul is built with a newer Go than that.
struct RE2Parser {
    struct Flags {
        var fold = false, multiLine = false, dotNL = false
    }

    /// An open group: finished alternatives, the sequence being built, and the flags to
    /// restore when it closes.
    private struct Frame {
        var alternatives: [[RE2Node]] = []
        var items: [RE2Node] = []
        var savedFlags: Flags
        var node: RE2Node {
            let all = alternatives + [items]
            let branches = all.map { $0.isEmpty ? RE2Node.empty : $0.count == 1 ? $0[0] : .concat($0) }
            return branches.count == 1 ? branches[0] : .alternate(branches)
        }
    }

    let s: [Unicode.Scalar]
    var i = 0
    var flags = Flags()
    private var frames: [Frame]

    private init(_ scalars: [Unicode.Scalar]) {
        s = scalars
        frames = [Frame(savedFlags: Flags())]
    }

    static func parse(_ source: [UInt8]) throws(RE2Error) -> RE2Node {
        guard let text = String(validating: source, as: UTF8.self) else { throw RE2Error("invalid UTF-8") }
        var parser = RE2Parser(Array(text.unicodeScalars))
        return try parser.run()
    }

    private mutating func run() throws(RE2Error) -> RE2Node {
        var lastWasRepeat = false
        while i < s.count {
            let start = i
            var isRepeat = false
            switch s[i] {
            case "(": try openGroup()
            case "|":
                frames[frames.count - 1].alternatives.append(frames[frames.count - 1].items)
                frames[frames.count - 1].items = []
                i += 1
            case ")":
                guard frames.count > 1 else { throw RE2Error("unexpected )", s) }
                let frame = frames.removeLast()
                flags = frame.savedFlags
                push(.group(frame.node))
                i += 1
            case "^": push(flags.multiLine ? .beginLine : .beginText); i += 1
            case "$": push(flags.multiLine ? .endLine : .endText); i += 1
            case ".": push(.any(dotNL: flags.dotNL)); i += 1
            case "[": push(try parseClass())
            case "*", "+", "?":
                let (min, max): (Int, Int?) = s[i] == "*" ? (0, nil) : s[i] == "+" ? (1, nil) : (0, 1)
                i += 1
                try applyRepeat(min: min, max: max, counted: false, from: start, afterRepeat: lastWasRepeat)
                isRepeat = true
            case "{":
                guard let (min, max, end) = countedRepeat(at: i) else {
                    push(.literal(0x7B, fold: flags.fold))
                    i += 1
                    break
                }
                i = end
                guard min >= 0, min <= 1000, (max ?? 0) <= 1000, max.map({ $0 >= min }) ?? true else {
                    throw RE2Error("invalid repeat count", Array(s[start..<i]))
                }
                try applyRepeat(min: min, max: max, counted: true, from: start, afterRepeat: lastWasRepeat)
                isRepeat = true
            case "\\": try parseBackslash()
            default: push(.literal(s[i].value, fold: flags.fold)); i += 1
            }
            lastWasRepeat = isRepeat
        }
        guard frames.count == 1 else { throw RE2Error("missing closing )", s) }
        return frames[0].node
    }

    mutating func push(_ node: RE2Node) { frames[frames.count - 1].items.append(node) }

    private mutating func applyRepeat(min: Int, max: Int?, counted: Bool, from start: Int, afterRepeat: Bool) throws(RE2Error) {
        if i < s.count, s[i] == "?" { i += 1 }  // non-greedy: the same strings match
        if afterRepeat { throw RE2Error("invalid nested repetition operator", Array(s[start..<i])) }
        guard let last = frames[frames.count - 1].items.popLast() else {
            throw RE2Error("missing argument to repetition operator", Array(s[start..<i]))
        }
        let node = RE2Node.repeat(last, min: min, max: max, counted: counted)
        if counted, min >= 2 || (max ?? 0) >= 2, !node.repeatIsValid(1000) {
            throw RE2Error("invalid repeat count", Array(s[start..<i]))
        }
        push(node)
    }

    /// `{n}`, `{n,}`, `{n,m}` at `at` (no leading zeros); nil when it is a literal `{`.
    private func countedRepeat(at: Int) -> (Int, Int?, Int)? {
        var j = at + 1
        func integer() -> Int?? {
            let begin = j
            while j < s.count, ("0"..."9").contains(s[j]) { j += 1 }
            guard j > begin, !(j - begin > 1 && s[begin] == "0") else { return nil }
            let digits = s[begin..<j].map { Character($0) }
            return .some(digits.count > 8 ? -1 : Int(String(digits)))
        }
        guard let min = integer() else { return nil }
        var max: Int? = min
        if j < s.count, s[j] == "," {
            j += 1
            if j < s.count, s[j] == "}" {
                max = nil
            } else {
                guard let m = integer() else { return nil }
                max = m
            }
        }
        guard j < s.count, s[j] == "}" else { return nil }
        return (min ?? -1, max ?? nil, j + 1)
    }

    private mutating func openGroup() throws(RE2Error) {
        guard i + 1 < s.count, s[i + 1] == "?" else {
            frames.append(Frame(savedFlags: flags))
            i += 1
            return
        }
        let start = i
        let rest = s[(i + 2)...]
        if rest.starts(with: ["P", "<"]) || rest.first == "<" {
            let nameStart = i + (rest.first == "<" ? 3 : 4)
            guard let close = s[nameStart...].firstIndex(of: ">") else { throw RE2Error("invalid named capture", Array(s[start...])) }
            let name = s[nameStart..<close]
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isASCIIAlphanumeric }) else {
                throw RE2Error("invalid named capture", Array(s[start...close]))
            }
            frames.append(Frame(savedFlags: flags))
            i = close + 1
            return
        }
        var new = flags
        var negate = false, sawFlag = false
        i += 2
        while i < s.count {
            let c = s[i]
            i += 1
            switch c {
            case "i", "m", "s", "U":
                if c == "i" { new.fold = !negate }
                if c == "m" { new.multiLine = !negate }
                if c == "s" { new.dotNL = !negate }
                sawFlag = true
                continue
            case "-" where !negate:
                negate = true
                sawFlag = false
                continue
            case ":", ")":
                if negate, !sawFlag { break }
                if c == ":" { frames.append(Frame(savedFlags: flags)) }
                flags = new
                return
            default:
                break
            }
            break
        }
        throw RE2Error("invalid or unsupported Perl syntax", Array(s[start..<i]))
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("0"..."9").contains(self) || ("a"..."z").contains(self) || ("A"..."Z").contains(self)
    }
}
