/// Reads the Prometheus text exposition format 0.0.4 — what Envoy's `/stats/prometheus` and
/// most exporters serve — and OpenMetrics' `# EOF` ending.
///
/// Never throws and never stops early on a bad line: each one is skipped and reported with
/// its line number in ``PromExposition/problems``. Memory stays bounded whatever the input
/// (see ``PromTextLimits``), and a `keep` filter drops unwanted samples as they are read.
///
/// Lines are split on `\n`; a `\r` before it is dropped. `# HELP` and `# TYPE` are read,
/// any other comment (`# UNIT`, free text) is skipped. Timestamps are whole milliseconds.
public enum PromTextParser {
    /// Reads `text`, keeping the samples `keep` accepts.
    public static func parse(
        _ text: String, limits: PromTextLimits = PromTextLimits(), keep: (PromSample) -> Bool = { _ in true }
    ) -> PromExposition {
        var text = text
        return text.withUTF8 { parse(bytes: $0, limits: limits, keep: keep) }
    }

    /// Reads the UTF-8 bytes `bytes`, keeping the samples `keep` accepts.
    public static func parse(
        _ bytes: [UInt8], limits: PromTextLimits = PromTextLimits(), keep: (PromSample) -> Bool = { _ in true }
    ) -> PromExposition {
        bytes.withUnsafeBufferPointer { parse(bytes: $0, limits: limits, keep: keep) }
    }

    static func parse(
        bytes: UnsafeBufferPointer<UInt8>, limits: PromTextLimits, keep: (PromSample) -> Bool
    ) -> PromExposition {
        var out = PromExposition()
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            out.lines += 1
            if end - start > limits.maxLineBytes {
                report(&out, limits, bytes, start..<end, "line too long (over \(limits.maxLineBytes) bytes)")
            } else if !readLine(bytes, start..<end, into: &out, limits: limits, keep: keep) {
                if hasContent(bytes, next..<bytes.count) {
                    report(&out, limits, bytes, next..<min(bytes.count, next + PromTextProblem.excerptLimit),
                           "text after # EOF is ignored", line: out.lines + 1)
                }
                break
            }
            start = next
        }
        return out
    }

    /// Reads one line into `out`; false when it is `# EOF` and reading must stop.
    private static func readLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout PromExposition, limits: PromTextLimits,
        keep: (PromSample) -> Bool
    ) -> Bool {
        var first = range.lowerBound
        while first < range.upperBound, isBlank(bytes[first]) { first += 1 }
        guard first < range.upperBound else { return true }
        if bytes[first] == UInt8(ascii: "#") {
            return comment(bytes, first + 1..<range.upperBound, line: range, into: &out, limits: limits)
        }
        do {
            let sample = try PromSampleLine.read(bytes, range)
            if !keep(sample) {
                out.filteredSamples += 1
            } else if out.samples.count >= limits.maxSamples {
                out.droppedSamples += 1
            } else {
                out.samples.append(sample)
            }
        } catch {
            report(&out, limits, bytes, range, error.reason)
        }
        return true
    }

    /// A `#` line: `HELP`, `TYPE`, `EOF`, or a comment to skip. False on `# EOF`.
    private static func comment(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Range<Int>, into out: inout PromExposition,
        limits: PromTextLimits
    ) -> Bool {
        var words = Words(bytes: bytes, pos: range.lowerBound, end: range.upperBound)
        let keyword = words.next() ?? ""
        switch keyword {
        case "EOF" where words.rest().isEmpty:
            out.sawEOF = true
            return false
        case "TYPE", "HELP":
            guard let name = words.next(), name.utf8.first.map({ PromSampleLine.isNameStart($0, colon: true) }) == true,
                name.utf8.allSatisfy({ PromSampleLine.isNamePart($0, colon: true) })
            else {
                report(&out, limits, bytes, line, "expected a metric name after # \(keyword)")
                return true
            }
            let rest = words.rest()
            if keyword == "TYPE" {
                guard !rest.isEmpty, !rest.contains(" "), !rest.contains("\t") else {
                    report(&out, limits, bytes, line, "expected one type after # TYPE \(name)")
                    return true
                }
                if roomForMetadata(out, keeping: out.types[name] != nil, limits) {
                    out.types[name] = PromMetricType(rest)
                } else {
                    out.droppedMetadata += 1
                }
            } else if roomForMetadata(out, keeping: out.help[name] != nil, limits) {
                out.help[name] = unescapeHelp(rest)
            } else {
                out.droppedMetadata += 1
            }
            return true
        default:
            return true
        }
    }

    /// Whether one more `# TYPE`/`# HELP` entry may be kept (replacing one always may).
    private static func roomForMetadata(_ out: PromExposition, keeping replaced: Bool, _ limits: PromTextLimits) -> Bool {
        replaced || out.types.count + out.help.count < limits.maxMetadata
    }

    /// HELP text escapes: `\\` and `\n`; any other backslash is kept.
    static func unescapeHelp(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "\\": out.append("\\")
                case "n": out.append("\n")
                default: out.append("\\"); out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        if escaping { out.append("\\") }
        return out
    }

    private static func report(
        _ out: inout PromExposition, _ limits: PromTextLimits, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        _ reason: String, line: Int? = nil
    ) {
        out.problemCount += 1
        guard out.problems.count < limits.maxProblems else { return }
        let shown = range.lowerBound..<min(range.upperBound, range.lowerBound + PromTextProblem.excerptLimit * 4)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[shown]), as: UTF8.self)
        out.problems.append(PromTextProblem(
            line: line ?? out.lines, reason: reason, excerpt: TerminalSafe.clean(text, limit: PromTextProblem.excerptLimit)))
    }

    private static func hasContent(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.contains { !isBlank(bytes[$0]) && bytes[$0] != UInt8(ascii: "\n") && bytes[$0] != UInt8(ascii: "\r") }
    }

    static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

    /// Blank-separated words of a comment line.
    private struct Words {
        let bytes: UnsafeBufferPointer<UInt8>
        var pos: Int
        let end: Int

        mutating func next() -> String? {
            while pos < end, isBlank(bytes[pos]) { pos += 1 }
            let start = pos
            while pos < end, !isBlank(bytes[pos]) { pos += 1 }
            return pos > start ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self) : nil
        }

        /// Everything after the next blanks, with trailing blanks removed.
        mutating func rest() -> String {
            while pos < end, isBlank(bytes[pos]) { pos += 1 }
            var last = end
            while last > pos, isBlank(bytes[last - 1]) { last -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[pos..<last]), as: UTF8.self)
        }
    }
}
