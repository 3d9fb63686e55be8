/// The words for an old spelling that still works for one release.
enum OldSpelling {
    /// `note: --consul-addr is now --http-addr; the old spelling goes in the next release`.
    static func note(_ old: String, _ new: String) -> String {
        "note: \(old) is now \(new); the old spelling goes in the next release"
    }
}
