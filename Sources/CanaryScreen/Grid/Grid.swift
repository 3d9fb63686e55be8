import CanaryCore

/// The screen as an in-memory grid of cells: what views draw into, what tests read, and what
/// the terminal backend copies out (only the cells that changed).
public struct Grid: Sendable, Equatable {
    /// One cell: a character and its role. A wide character's second column holds `""`.
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var role: StyleRole
        public init(_ text: String = " ", _ role: StyleRole = .normal) {
            self.text = text
            self.role = role
        }
        public static let blank = Cell()
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Blanks every cell in place, keeping the storage (when not shared) for the next frame.
    public mutating func clear() {
        cells.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = .blank }
        }
    }

    /// The whole grid.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from (`x`, `y`) in `role`, clipped to `clip` (default: the grid) and to the
    /// row. Control characters are never stored: text is cleaned first. Returns the column after
    /// the last cell written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .normal, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return x }
        var column = x
        for character in TerminalSafe.clean(text) {
            let w = CellWidth.of(character)
            if w == 0 { continue }
            if column + w > area.maxX { break }
            if column >= area.x {
                self[column, y] = Cell(String(character), role)
                if w == 2 { self[column + 1, y] = Cell("", role) }
            }
            column += w
        }
        return column
    }

    /// Fills `rect` with `character` in `role`.
    public mutating func fill(_ rect: Rect, with character: String = " ", role: StyleRole = .normal) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { self[x, y] = Cell(character, role) }
        }
    }

    /// Sets the role of every cell in `rect`, keeping the characters (e.g. to highlight a row).
    public mutating func paint(_ rect: Rect, role: StyleRole) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { self[x, y].role = role }
        }
    }

    /// Row `y` as plain text (trailing spaces kept), for tests and text screenshots.
    public func line(_ y: Int) -> String {
        (0..<width).map { self[$0, y].text }.joined()
    }

    /// Every row as plain text with trailing spaces trimmed.
    public var lines: [String] {
        (0..<height).map { y in
            var s = line(y)
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    /// The roles along row `y`, one letter per cell (first letter of the role name), for tests.
    public func roles(_ y: Int) -> String {
        (0..<width).map { String(self[$0, y].role.name.first!) }.joined()
    }
}
