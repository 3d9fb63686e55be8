/// Places a `Weight` key into a split that has none, in the split's own style.
///
/// The key is spelled like the other splits' weight keys (or, failing that, lowercase
/// `weight` when the split's keys are lowercase, else `Weight`). The new item goes
/// before the split's first item: on its own line with the same indentation and line
/// ending when that item is on its own line, inline with `, ` otherwise.
enum WeightInsertion {
    /// The bytes to insert and the offset to insert them at, or `nil` when the split's
    /// text is not a plain `{ … }` the writer understands.
    static func insertion(into source: SplitSource, value: String, key: String, format: ConfigFormat,
                          bytes: [UInt8]) -> (offset: Int, text: [UInt8])? {
        let open = source.object.start.offset
        guard open < bytes.count, bytes[open] == UInt8(ascii: "{") else { return nil }
        let writtenKey = format == .json ? "\"\(key)\"" : key
        guard let first = source.members.first else {
            let separator = format == .json ? ": " : " = "
            return (open + 1, Array(" \(writtenKey)\(separator)\(value) ".utf8))
        }
        let separator = separatorText(first, format: format, bytes: bytes)
        let item = "\(writtenKey)\(separator)\(value)"
        let position = first.keyRange.start.offset
        var lineStart = position
        while lineStart > 0, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") {
            lineStart -= 1
        }
        let ownLine = lineStart > 0 && bytes[lineStart - 1] == UInt8(ascii: "\n")
        guard ownLine else { return (position, Array("\(item), ".utf8)) }
        let newline = lineStart >= 2 && bytes[lineStart - 2] == UInt8(ascii: "\r") ? "\r\n" : "\n"
        let indent = String(decoding: bytes[lineStart..<position], as: UTF8.self)
        let comma = format == .json || isFollowedByComma(first, bytes: bytes) ? "," : ""
        return (position, Array("\(item)\(comma)\(newline)\(indent)".utf8))
    }

    /// The weight key's spelling for split `index`: another split's weight key, else by
    /// the casing of this split's keys, else of the document's top-level keys.
    static func keySpelling(for index: Int, in sources: [SplitSource], topLevelKeys: [String]) -> String {
        if let existing = sources.lazy.compactMap({ $0.weight?.keySpelling }).first { return existing }
        let ownKeys = sources[index].members.map(\.key)
        for keys in [ownKeys, topLevelKeys] {
            if let first = keys.first(where: { $0.first?.isLetter == true }) {
                return first.first?.isLowercase == true ? "weight" : "Weight"
            }
        }
        return "Weight"
    }

    /// The text between the first item's key and value when it is just whitespace around
    /// `=` (HCL) or `:` (JSON); otherwise a plain ` = ` or `: `.
    private static func separatorText(_ member: ConfigMember, format: ConfigFormat, bytes: [UInt8]) -> String {
        let mark = format == .json ? UInt8(ascii: ":") : UInt8(ascii: "=")
        let start = member.keyRange.end.offset, end = member.value.range.start.offset
        if start < end, end <= bytes.count {
            let between = bytes[start..<end]
            let plain = between.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == mark }
            if plain, between.filter({ $0 == mark }).count == 1 {
                return String(decoding: between, as: UTF8.self)
            }
        }
        return format == .json ? ": " : " = "
    }

    /// True when the item's value is followed (after spaces) by a comma.
    private static func isFollowedByComma(_ member: ConfigMember, bytes: [UInt8]) -> Bool {
        var index = member.value.range.end.offset
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: ",")
    }
}
