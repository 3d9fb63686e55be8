/// Text from the network made safe for a terminal.
///
/// Replies are untrusted: an error text could carry `ESC [ 2 J` or a BEL. Every string that
/// came over the wire passes through here before it is printed or drawn.
public enum TerminalSafe {
    /// `text` with every control character (C0, DEL, C1, and Unicode line/paragraph separators,
    /// bidi overrides) replaced by a visible `�`, and tabs/newlines turned into single spaces.
    /// The result is cut to `limit` characters (with `…`) when a limit is given.
    public static func clean(_ text: some StringProtocol, limit: Int? = nil) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                if !out.isEmpty { out.removeLast() }
                if limit > 0 { out.append("…") }
                break
            }
            switch scalar.value {
            case 0x09, 0x0A, 0x0D:
                out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F:
                out.append("\u{FFFD}")
            default:
                out.append(scalar)
            }
            count += 1
        }
        return String(out)
    }
}
