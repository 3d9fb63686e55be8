/// How each ``StyleRole`` looks: a foreground, a background and attributes, from a small text file.
///
/// ```
/// # canarytop theme (comments start with #)
/// name   = default
/// title  = bold white on 24
/// bad    = bold red
/// dim    = 245
/// staged = reverse yellow
/// ```
/// A colour is `default`, a name (`black red green yellow blue magenta cyan white`, each also
/// `bright-…`) or a number 0–255; attributes are `bold dim underline reverse`. Roles not named
/// fall back to `normal`. On terminals with fewer than 256 colours, numbers map to the nearest
/// of the 16 basic colours (``Theme/Color/basic16``); with `NO_COLOR`, only attributes remain.
public struct Theme: Sendable, Equatable {
    public enum Color: Sendable, Equatable, Hashable {
        case terminalDefault
        case indexed(Int)

        /// The nearest of the 16 basic colours for a 256-colour index.
        public var basic16: Color {
            guard case .indexed(let n) = self, n >= 16 else { return self }
            let (r, g, b) = Self.rgb(n)
            var best = 0, bestDistance = Int.max
            for i in 0..<16 {
                let (r2, g2, b2) = Self.rgb(i)
                let d = (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2)
                if d < bestDistance { best = i; bestDistance = d }
            }
            return .indexed(best)
        }

        /// xterm's palette.
        static func rgb(_ n: Int) -> (Int, Int, Int) {
            let basic = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                         (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
            if n < 16 { return basic[max(0, n)] }
            if n < 232 {
                let i = n - 16
                let level = { (v: Int) in v == 0 ? 0 : 55 + v * 40 }
                return (level(i / 36), level((i / 6) % 6), level(i % 6))
            }
            let grey = 8 + (n - 232) * 10
            return (grey, grey, grey)
        }
    }

    public struct Style: Sendable, Equatable {
        public var foreground: Color = .terminalDefault
        public var background: Color = .terminalDefault
        public var bold = false
        public var dim = false
        public var underline = false
        public var reverse = false
        public init() {}
    }

    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style] = [:]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role` (its own, else `normal`'s).
    public func style(_ role: StyleRole) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// A theme error: the file's label, line number and what is wrong, as one line.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var label: String
        public var line: Int
        public var message: String
        public var description: String { "\(label):\(line): \(message)" }
    }

    /// Parses theme text; `label` names it in errors.
    public static func parse(_ text: String, label: String) throws(ParseError) -> Theme {
        var theme = Theme(name: label)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw ParseError(label: label, line: lineNumber, message: "expected key = value, found \"\(trimmed)\"")
            }
            let key = trimmed[..<eq].trimmingWhitespace.lowercased()
            let value = trimmed[trimmed.index(after: eq)...].trimmingWhitespace
            if key == "name" {
                theme.name = value
                continue
            }
            guard let role = StyleRole.allCases.first(where: { $0.name.lowercased() == key }) else {
                let known = StyleRole.allCases.map(\.name).joined(separator: ", ")
                throw ParseError(label: label, line: lineNumber, message: "unknown role \"\(key)\" (roles: name, \(known))")
            }
            do {
                theme.styles[role] = try parseStyle(value)
            } catch {
                throw ParseError(label: label, line: lineNumber, message: error.message)
            }
        }
        return theme
    }

    private struct StyleError: Error { let message: String }

    private static func parseStyle(_ text: String) throws(StyleError) -> Style {
        var style = Style()
        var onBackground = false
        var sawForeground = false
        for word in text.split(separator: " ").map({ $0.lowercased() }) {
            switch word {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "on": onBackground = true
            default:
                guard let color = color(word) else {
                    throw StyleError(message: "\"\(word)\" is not a colour (default, a name, or 0–255) or an attribute (bold, dim, underline, reverse)")
                }
                if onBackground {
                    style.background = color
                } else {
                    guard !sawForeground else { throw StyleError(message: "two foreground colours; write \"on\" before a background") }
                    style.foreground = color
                    sawForeground = true
                }
            }
        }
        return style
    }

    private static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    private static func color(_ word: String) -> Color? {
        if word == "default" { return .terminalDefault }
        if let n = Int(word), (0...255).contains(n) { return .indexed(n) }
        if let i = names.firstIndex(of: word) { return .indexed(i) }
        if word.hasPrefix("bright-"), let i = names.firstIndex(of: String(word.dropFirst(7))) { return .indexed(i + 8) }
        return nil
    }

    /// Built in, used when no theme file is found or a theme file is bad.
    public static let builtIn: Theme = {
        let text = """
            name = default
            dim = 245
            title = bold
            banner = bold reverse yellow
            good = green
            bad = bold red
            warn = yellow
            selected = reverse
            staged = bold cyan
            key = bold cyan
            chart = 39
            marker = bold magenta
            """
        return (try? parse(text, label: "built-in")) ?? Theme(name: "default")
    }()
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
