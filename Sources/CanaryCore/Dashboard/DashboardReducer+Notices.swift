extension DashboardReducer {
    /// Events worth noticing between two ticks: a failing hop's error text not seen before on
    /// that row, and a burst of probe faults. Text from the network is cleaned of control characters.
    static func notices(to next: TallySnapshot, _ state: inout DashboardState) {
        for row in next.sinceEpoch.subsets + [next.sinceEpoch.unattributed] {
            for entry in row.recentErrors where state.seenErrors.insert("\(row.name)|\(entry.text)").inserted {
                state.log("\(row.name): \(TerminalSafe.clean(entry.text, limit: 200))", kind: .failure)
            }
        }
        if let passive = next.passive {
            // The newest lines the list still holds, past those already logged.
            let fresh = min(passive.events.count, max(0, passive.eventCount - state.passiveEventsSeen))
            for line in passive.events.suffix(fresh) {
                state.log(TerminalSafe.clean(line, limit: 300), kind: line.contains("fault") || line.contains("restart") ? .warning : .info)
            }
            state.passiveEventsSeen = passive.eventCount
        }
        // Probe faults are summed over a second at least, so a dead target gives one line a second.
        let counts = next.sinceEpoch.probeFaults.byFault
        guard let baseline = state.faultBaseline, baseline.epoch == next.epoch else {
            state.faultBaseline = .init(time: next.time, epoch: next.epoch, byFault: counts)
            return
        }
        guard next.time - baseline.time >= 1 else { return }
        let grown = counts.compactMap { fault, count -> String? in
            let delta = count - (baseline.byFault[fault] ?? 0)
            return delta > 0 ? "\(fault) \(delta)" : nil
        }.sorted()
        if !grown.isEmpty {
            state.log("probe faults: " + grown.joined(separator: ", "), kind: .warning)
        }
        state.faultBaseline = .init(time: next.time, epoch: next.epoch, byFault: counts)
    }
}
