import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The header says who manages the entry being steered, read from its `Meta` as loaded.
@Suite struct OwnerHeaderTests {
    private func header(meta: [KeyValue], width: Int = 120) -> String {
        var state = DashboardViewTests.state(width: width)
        var split = DashboardViewTests.split()
        split.entry.meta = meta
        _ = DashboardReducer.reduce(&state, .splitLoaded(split, external: false))
        return DashboardView.render(state).lines.first ?? ""
    }

    @Test func aConsulK8sEntryIsMarkedInTheHeader() {
        let line = header(meta: [KeyValue("external-source", "kubernetes"), KeyValue("consul.hashicorp.com/source-datacenter", "dc1")])
        #expect(line.contains("managed by consul-k8s (dc1)"), "\(line)")
    }

    @Test func anEntryNobodyOwnsShowsNoOwnerAndControlCharactersNeverReachTheScreen() {
        #expect(!header(meta: [KeyValue("team", "payments")]).contains("managed by"))
        let line = header(meta: [KeyValue("external-source", "terra\u{1B}[2Jform")])
        #expect(line.contains("managed by terra"), "\(line)")
        #expect(!line.contains("\u{1B}"))
    }
}
