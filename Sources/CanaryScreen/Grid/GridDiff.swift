/// The cells that differ between two grids of the same size, grouped into runs along each row,
/// so a backend sends only what changed.
public enum GridDiff {
    /// Consecutive changed cells on one row that share a role.
    public struct Run: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var text: String
        public var role: StyleRole
    }

    /// The runs that turn `old` into `new`; everything when the sizes differ or `old` is nil.
    public static func runs(from old: Grid?, to new: Grid) -> [Run] {
        var runs: [Run] = []
        let full = old == nil || old!.width != new.width || old!.height != new.height
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                guard full || old![x, y] != new[x, y] else { x += 1; continue }
                let role = new[x, y].role
                var text = ""
                let start = x
                while x < new.width, (full || old![x, y] != new[x, y] || new[x, y].text.isEmpty), new[x, y].role == role {
                    text += new[x, y].text
                    x += 1
                }
                runs.append(Run(x: start, y: y, text: text, role: role))
            }
        }
        return runs
    }
}
