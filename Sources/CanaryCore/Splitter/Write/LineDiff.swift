/// A line-by-line diff of two texts, for showing what a `--dry-run` would change.
public enum LineDiff {
    /// One line of a diff; the text has no line terminator.
    public enum Line: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Every line of `old` and `new`, marked kept, removed or added (longest common
    /// subsequence after trimming the common start and end).
    public static func lines(from old: String, to new: String) -> [Line] {
        script(split(old), split(new)).map { step in
            switch step {
            case .same(let line): return .same(display(line))
            case .removed(let line): return .removed(display(line))
            case .added(let line): return .added(display(line))
            }
        }
    }

    /// A unified diff (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks with `context` lines
    /// around each change); empty when the texts are equal. Carriage returns are not
    /// shown; a last line without a newline gets `\ No newline at end of file`.
    public static func unified(from old: String, to new: String, oldLabel: String, newLabel: String,
                               context: Int = 3) -> String {
        let steps = script(split(old), split(new))
        let changed = steps.indices.filter { if case .same = steps[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        // Line numbers (1-based) each step starts at, in old and new.
        var oldLine = [Int](), newLine = [Int]()
        var o = 1, n = 1
        for step in steps {
            oldLine.append(o)
            newLine.append(n)
            switch step {
            case .same: o += 1; n += 1
            case .removed: o += 1
            case .added: n += 1
            }
        }
        var hunkStart = 0
        while hunkStart < changed.count {
            var hunkEnd = hunkStart
            while hunkEnd + 1 < changed.count, changed[hunkEnd + 1] - changed[hunkEnd] <= 2 * context { hunkEnd += 1 }
            let first = max(0, changed[hunkStart] - context)
            let last = min(steps.count - 1, changed[hunkEnd] + context)
            var oldCount = 0, newCount = 0, body = ""
            for step in steps[first...last] {
                switch step {
                case .same(let line): oldCount += 1; newCount += 1; body += " " + shown(line)
                case .removed(let line): oldCount += 1; body += "-" + shown(line)
                case .added(let line): newCount += 1; body += "+" + shown(line)
                }
            }
            let oldStart = oldCount == 0 ? oldLine[first] - 1 : oldLine[first]
            let newStart = newCount == 0 ? newLine[first] - 1 : newLine[first]
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n" + body
            hunkStart = hunkEnd + 1
        }
        return out
    }

    private enum Step {
        case same(Substring), removed(Substring), added(Substring)
    }

    /// Lines with their terminators, so a missing final newline counts as a difference.
    private static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "\n" || text[index] == "\r\n" {
                lines.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// The edit script. Lines compare by their UTF-8 bytes: `String ==` treats canonically
    /// equivalent text as equal, which would hide a change.
    private static func script(_ old: [Substring], _ new: [Substring]) -> [Step] {
        let oldBytes = old.map { Array($0.utf8) }, newBytes = new.map { Array($0.utf8) }
        var prefix = 0
        while prefix < old.count, prefix < new.count, oldBytes[prefix] == newBytes[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              oldBytes[old.count - 1 - suffix] == newBytes[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        let aBytes = Array(oldBytes[prefix..<(old.count - suffix)]), bBytes = Array(newBytes[prefix..<(new.count - suffix)])
        var middle: [Step] = []
        if a.count * b.count > 1_000_000 {
            middle = a.map(Step.removed) + b.map(Step.added)
        } else {
            // lengths[i * width + j]: LCS length of a[i...] and b[j...].
            let width = b.count + 1
            var lengths = [Int32](repeating: 0, count: (a.count + 1) * width)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lengths[i * width + j] = aBytes[i] == bBytes[j]
                        ? lengths[(i + 1) * width + j + 1] + 1
                        : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
                }
            }
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, aBytes[i] == bBytes[j] {
                    middle.append(.same(a[i])); i += 1; j += 1
                } else if j == b.count || (i < a.count && lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
                    middle.append(.removed(a[i])); i += 1
                } else {
                    middle.append(.added(b[j])); j += 1
                }
            }
        }
        return old[..<prefix].map(Step.same) + middle + old[(old.count - suffix)...].map(Step.same)
    }

    private static func display(_ line: Substring) -> String {
        var text = String(line)
        if text.hasSuffix("\r\n") { text.removeLast() } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private static func shown(_ line: Substring) -> String {
        line.hasSuffix("\n") || line.hasSuffix("\r\n") ? display(line) + "\n" : display(line) + "\n\\ No newline at end of file\n"
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
