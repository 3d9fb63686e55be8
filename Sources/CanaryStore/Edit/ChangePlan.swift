import CanaryCore

/// A change worked out against one snapshot and ready to write (or to show, for `--dry-run`).
public struct ChangePlan: Sendable {
    /// The operation as asked.
    public let operation: WeightEdit
    /// The snapshot the change is based on; the write happens only if the config is still this.
    public let base: SplitterSnapshot
    /// The config as parsed.
    public let document: SplitterDocument
    /// Weights before and after, per split.
    public let change: WeightChange
    /// The new config text for the store (the rewritten file, or the JSON body for Consul).
    public let newText: String
    /// A unified diff of the stored text, old to new.
    public let diff: String
    /// Validation messages that did not stop the change (a rollback is never held back by them).
    public let warnings: [String]
    /// Why Consul would have refused the config as it was before this change (in Consul's
    /// words), when it would: an absolute change may still write over it, and says so.
    public let wasInvalid: [String]
    /// Why, when given.
    public let reason: String?
    /// For a rollback: which split is stable and why.
    public let stable: StableChoice?
    /// What the store says to know before writing (another owner that would revert the change).
    public var cautions: [String] = []

    /// One line saying what was wrong before, or `nil` when nothing was.
    public var wasInvalidNote: String? {
        wasInvalid.isEmpty ? nil : "before this change Consul would have refused it: \(wasInvalid.joined(separator: "; "))"
    }

    /// The new entry.
    public var newEntry: SplitterEntry { document.entry.withWeights(change.after) }
}

/// What a committed change did.
public struct ChangeResult: Sendable {
    public let plan: ChangePlan
    /// The snapshot after the write.
    public let written: SplitterSnapshot
    /// Output of `--apply command`, when it ran.
    public let command: ApplyCommand.Result?
    /// The line appended to the journal.
    public let journalEntry: JournalEntry
    /// Why that line could not be appended (a full disk): the change is written but not journaled.
    public let journalFailure: String?
}
