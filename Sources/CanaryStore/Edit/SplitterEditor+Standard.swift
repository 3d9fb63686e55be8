import CanaryCore
import Foundation

extension SplitterEditor {
    /// The editor every command builds the same way (`split …`, the dashboard, the headless
    /// guard): the journal at `journal`, else beside the splitter file (`<file>.journal`), else
    /// `canarytop.journal`; `$USER` as the operator; wall-clock timestamps.
    public static func standard(
        store: any SplitterStore, apply: ApplyMode, journal: String?, resolver: ResolverEntry?, stable: String?,
        consul: ConsulClient?
    ) -> SplitterEditor {
        let journalPath = journal ?? store.localPath.map { $0 + ".journal" } ?? "canarytop.journal"
        return SplitterEditor(
            store: store, apply: apply, journal: Journal(path: journalPath), resolver: resolver, stable: stable,
            consul: consul, operatorName: ProcessInfo.processInfo.environment["USER"] ?? "unknown",
            now: { Timestamp.now() })
    }
}
