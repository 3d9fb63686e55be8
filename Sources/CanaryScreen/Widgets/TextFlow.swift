/// Styled text laid out in lines: fields are kept whole and wrap, at field boundaries, onto
/// indented continuation lines when the width runs out (a field wider than a line is cut by
/// the grid).
enum TextFlow {
    /// A piece of text in one role.
    struct Span: Equatable {
        var text: String
        var role: StyleRole
        init(_ text: String, _ role: StyleRole = .normal) {
            self.text = text
            self.role = role
        }
    }

    /// Spans kept together on one line.
    typealias Field = [Span]
    /// One screen row.
    typealias Line = [Span]

    /// `fields` in lines of at most `width` columns, two spaces between fields, continuation
    /// lines starting `indent` columns in.
    static func lines(_ fields: [Field], width: Int, indent: Int) -> [Line] {
        var lines: [Line] = []
        var line: Line = []
        var column = 0
        for field in fields where !field.isEmpty {
            let w = field.reduce(0) { $0 + columns($1.text) }
            if line.isEmpty {
                line = field
                column = w
            } else if column + 2 + w <= width {
                line.append(Span("  "))
                line += field
                column += 2 + w
            } else {
                lines.append(line)
                let pad = max(0, min(indent, width - w))
                line = (pad > 0 ? [Span(String(repeating: " ", count: pad))] : []) + field
                column = pad + w
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Draws `line` at (`x`, `y`), clipped to `clip`.
    static func draw(_ line: Line, into grid: inout Grid, x: Int, y: Int, clip: Rect) {
        var column = x
        for span in line { column = grid.put(span.text, x: column, y: y, role: span.role, clip: clip) }
    }

    /// Terminal columns `text` takes.
    static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + CellWidth.of($1) }
    }
}
