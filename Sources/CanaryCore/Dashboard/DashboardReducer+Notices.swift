extension DashboardReducer {
    /// Events worth noticing between two ticks: a failing hop's error text not seen before on
    /// that row, and a burst of probe faults. Text from the network is cleaned of control characters.
    static func notices(to next: TallySnapshot, _ state: inout DashboardState) {
        for row in next.sinceEpoch.subsets + [next.sinceEpoch.unattributed] {
            for entry in row.recentErrors where state.seenErrors.insert("\(row.name)|\(entry.text)").inserted {
                state.events.append(.init(time: state.now, kind: .failure, text: "\(row.name): \(TerminalSafe.clean(entry.text, limit: 200))"))
            }
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
            state.events.append(.init(time: state.now, kind: .warning, text: "probe faults: " + grown.joined(separator: ", ")))
        }
        state.faultBaseline = .init(time: next.time, epoch: next.epoch, byFault: counts)
    }
}
