import CanaryCore

/// The table's VERDICT cell: `PASS`, `FAIL`, `INCONC 420 more ~21s` cut down to the column.
enum VerdictCell {
    /// The cell for `verdict` in `width` columns, and its role.
    static func cell(_ verdict: CanaryVerdict, width: Int) -> (String, StyleRole) {
        switch verdict.outcome {
        case .pass: return ("PASS", .good)
        case .fail: return ("FAIL", .bad)
        case .inconclusive(let more):
            return (fit(inconclusive(more: more, seconds: verdict.secondsToSignal), width: width), .dim)
        }
    }

    /// The stable row's cell.
    static let stable: (String, StyleRole) = ("stable", .dim)

    /// Longest first: the first that fits `width` is shown (the last one is cut if none does).
    static func inconclusive(more: Int?, seconds: Double?) -> [String] {
        guard let more else { return ["INCONC", "…"] }
        let n = Format.count(more)
        guard let seconds else { return ["INCONC \(n) more", "… \(n) more", "… \(n)"] }
        let eta = Format.eta(seconds)
        return ["INCONC \(n) more \(eta)", "… \(n) more \(eta)", "INCONC \(n) more", "… \(n) more", "… \(n)"]
    }

    static func fit(_ candidates: [String], width: Int) -> String {
        candidates.first { $0.count <= width } ?? candidates.last ?? ""
    }
}
