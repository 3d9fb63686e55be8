/// Checks that a parsed document is the kind of config entry the caller expects.
enum EntryKind {
    /// Throws unless the top level is an object whose `Kind` (or `kind`) is `expected`.
    ///
    /// Like `consul config write`, only the exact spellings `Kind` and `kind` identify the
    /// kind, and `Kind` wins when both are present.
    static func require(_ expected: String, in root: ConfigNode, label: String) throws(ConfigError) {
        guard let members = root.members else {
            throw ConfigError(stage: .kind, label: label, position: root.range.start,
                              message: "expected an object at the top level, found \(root.kindDescription)")
        }
        let member = members.last(where: { $0.key == "Kind" }) ?? members.last(where: { $0.key == "kind" })
        guard let member else {
            throw ConfigError(stage: .kind, label: label, position: nil,
                              message: "Payload does not contain a kind/Kind key at the top level")
        }
        guard case .string(let kind) = member.value.value else {
            throw ConfigError(stage: .kind, label: label, position: member.value.range.start,
                              message: "Kind value in payload is not a string")
        }
        guard kind == expected else {
            throw ConfigError(stage: .kind, label: label, position: member.value.range.start,
                              message: "expected kind \(quoted(expected)), found \(quoted(kind))")
        }
    }

    /// Keys that name the kind; they are never "unknown".
    static let keys: Set<String> = ["Kind", "kind"]
}
