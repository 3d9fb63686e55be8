import CanaryCore

/// The mesh's own counts (`--envoy-admin`, `--prometheus`), under the subset table: per subset
/// requests, req/s, 5xx, timeouts beside the latency (Envoy never times them), p50 and p99 as
/// bucket brackets (`≈ 37 ms [25–50]` under P99), and the share of mesh requests against the weight.
/// The title line names the source, the data's age and the read faults.
struct MeshTable {
    let state: DashboardState
    let passive: PassiveSnapshot

    /// Rows it needs: title, column titles, one per subset (at least one).
    var height: Int { 2 + max(1, passive.subsets.count) }

    private static let columns: [(title: String, width: Int, right: Bool)] = [
        ("MESH", 12, false), ("WEIGHT", 8, true), ("SHARE", 7, true), ("REQS", 7, true), ("REQ/S", 6, true),
        ("5XX", 6, true), ("TIMEOUTS", 8, true), ("P50", 24, false), ("P99", 24, false),
    ]

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.put(title, x: area.x, y: area.y, role: passive.faults > 0 ? .warn : .title, clip: area)
        guard area.height > 1 else { return }
        var x = area.x
        for c in Self.columns {
            grid.put(c.right ? Format.right(c.title, c.width) : Format.left(c.title, c.width), x: x, y: area.y + 1, role: .title, clip: area)
            x += c.width + 1
        }
        var y = area.y + 2
        if passive.subsets.isEmpty, y < area.maxY {
            grid.put(passive.reads == 0 ? "(no read yet)" : "(no requests to the service in this epoch)", x: area.x, y: y, role: .dim, clip: area)
        }
        let total = passive.subsets.reduce(0) { $0 + $1.requests }
        for tally in passive.subsets where y < area.maxY {
            let name = PassiveSnapshot.name(of: tally)
            var cells: [String: (String, StyleRole)] = ["MESH": (TerminalSafe.clean(name, limit: 12), .normal)]
            if let weight = state.split?.weight(of: name) { cells["WEIGHT"] = ("\(weight)%", .normal) }
            cells["SHARE"] = (Format.percent(total > 0 ? Double(tally.requests) / Double(total) : nil), .normal)
            cells["REQS"] = (Format.count(tally.requests), tally.requests == 0 ? .dim : .normal)
            cells["REQ/S"] = (Format.rate(passive.epochSeconds > 0 ? Double(tally.requests) / passive.epochSeconds : nil), .normal)
            cells["5XX"] = (Format.count(tally.http5xx), tally.http5xx > 0 ? .bad : .dim)
            cells["TIMEOUTS"] = (Format.count(tally.timeouts), tally.timeouts > 0 ? .bad : .dim)
            // The column titles name the percentiles: `≈ 1250 ms [1000–2500]` fits its 24 cells.
            cells["P50"] = (tally.p50?.value ?? "-", .normal)
            cells["P99"] = (tally.p99?.value ?? "-", .normal)
            var x = area.x
            for c in Self.columns {
                if let (text, role) = cells[c.title] {
                    grid.put(c.right ? Format.right(text, c.width) : Format.left(text, c.width), x: x, y: y, role: role, clip: area)
                }
                x += c.width + 1
            }
            y += 1
        }
    }

    /// `MESH source: envoy ×2 · data 0.4s old · epoch reads 12 · faults 1: …`.
    private var title: String {
        var parts = ["MESH source: \(passive.label)"]
        if let age = passive.age(at: state.snapshot?.time ?? state.now) {
            parts.append("data \(Format.decimal(age, digits: 1))s old")
        } else {
            parts.append("no data yet")
        }
        if passive.restarts > 0 { parts.append("restarts \(passive.restarts)") }
        if passive.resets > 0 { parts.append("resets \(passive.resets)") }
        if passive.problems > 0 { parts.append("bad lines \(passive.problems)") }
        if passive.faults > 0 { parts.append("faults \(passive.faults)" + (passive.lastFault.map { ": \($0)" } ?? "")) }
        return parts.joined(separator: " · ")
    }
}
