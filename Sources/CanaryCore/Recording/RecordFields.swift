/// Reads the fields of one recorded JSON object; a missing or mistyped field is a
/// ``RecordingLineError`` naming it.
struct RecordFields {
    let members: [ConfigMember]

    init(_ node: ConfigNode, _ what: String = "the line") throws(RecordingLineError) {
        guard let members = node.members else { throw RecordingLineError("\(what) is \(node.kindDescription), not an object") }
        self.members = members
    }

    /// The value of `key`; nil when absent or null.
    func value(_ key: String) -> ConfigNode? {
        guard let member = members.last(where: { $0.key == key }) else { return nil }
        if case .null = member.value.value { return nil }
        return member.value
    }

    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    func string(_ key: String) throws(RecordingLineError) -> String {
        guard let text = try optionalString(key) else { throw RecordingLineError("\"\(key)\" is missing") }
        return text
    }

    func optionalString(_ key: String) throws(RecordingLineError) -> String? {
        guard let node = value(key) else { return nil }
        guard case .string(let text) = node.value else { throw RecordingLineError("\"\(key)\" is \(node.kindDescription), not a string") }
        return text
    }

    func double(_ key: String) throws(RecordingLineError) -> Double {
        guard let number = try optionalDouble(key) else { throw RecordingLineError("\"\(key)\" is missing") }
        return number
    }

    /// A number; JSON's `null` for a number that was not finite reads as NaN through ``doubleOrNaN(_:)``.
    func optionalDouble(_ key: String) throws(RecordingLineError) -> Double? {
        guard let node = value(key) else { return nil }
        return try Self.number(node, key)
    }

    func doubleOrNaN(_ key: String) throws(RecordingLineError) -> Double {
        try optionalDouble(key) ?? .nan
    }

    func int(_ key: String) throws(RecordingLineError) -> Int {
        guard let number = try optionalInt(key) else { throw RecordingLineError("\"\(key)\" is missing") }
        return number
    }

    func optionalInt(_ key: String) throws(RecordingLineError) -> Int? {
        guard let node = value(key) else { return nil }
        guard case .number(let number) = node.value, let integer = number.integer else {
            throw RecordingLineError("\"\(key)\" is \(node.kindDescription), not an integer")
        }
        return Int(integer)
    }

    func bool(_ key: String) throws(RecordingLineError) -> Bool {
        guard let node = value(key) else { return false }
        guard case .bool(let flag) = node.value else { throw RecordingLineError("\"\(key)\" is \(node.kindDescription), not a boolean") }
        return flag
    }

    func object(_ key: String) throws(RecordingLineError) -> RecordFields? {
        guard let node = value(key) else { return nil }
        return try RecordFields(node, "\"\(key)\"")
    }

    func list(_ key: String) throws(RecordingLineError) -> [ConfigNode] {
        guard let node = value(key) else { return [] }
        guard case .list(let items) = node.value else { throw RecordingLineError("\"\(key)\" is \(node.kindDescription), not a list") }
        return items
    }

    func strings(_ key: String) throws(RecordingLineError) -> [String] {
        var out: [String] = []
        for item in try list(key) {
            guard case .string(let text) = item.value else { throw RecordingLineError("\"\(key)\" holds \(item.kindDescription), not a string") }
            out.append(text)
        }
        return out
    }

    func ints(_ key: String) throws(RecordingLineError) -> [Int] {
        var out: [Int] = []
        for item in try list(key) {
            guard case .number(let number) = item.value, let integer = number.integer else {
                throw RecordingLineError("\"\(key)\" holds \(item.kindDescription), not an integer")
            }
            out.append(Int(integer))
        }
        return out
    }

    /// A number node's exact value (read from its literal, so it is the `Double` written).
    static func number(_ node: ConfigNode, _ key: String) throws(RecordingLineError) -> Double {
        guard case .number(let number) = node.value else { throw RecordingLineError("\"\(key)\" is \(node.kindDescription), not a number") }
        return Double(number.literal) ?? number.value
    }
}

/// What is wrong with one line of a recording (the reader adds the file and line number).
public struct RecordingLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
