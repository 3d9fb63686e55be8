/// A value in a parsed HCL1 or JSON document, with the source range it was read from.
///
/// Both readers produce this tree so the model, the validator and the writer never need
/// to know which syntax a file used. Object members keep their keys exactly as written
/// and in source order, duplicates included; the lookup rules live in the decoder.
public struct ConfigNode: Sendable, Equatable {
    /// What kind of value this is.
    public enum Value: Sendable, Equatable {
        case object([ConfigMember])
        case list([ConfigNode])
        case string(String)
        case number(ConfigNumber)
        case bool(Bool)
        /// JSON `null` (HCL1 has no null).
        case null
    }

    public var value: Value
    /// Where the value was written. For an object this runs from `{` to just past `}`;
    /// for an HCL file's top level it is the whole text. A string's range includes quotes.
    public var range: SourceRange

    public init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }

    /// The members when this is an object, else `nil`.
    public var members: [ConfigMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// A short noun for error messages: "an object", "a list", "a string", …
    public var kindDescription: String {
        switch value {
        case .object: return "an object"
        case .list: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

/// One `key = value` (or `key { … }`) item of an object, as written.
public struct ConfigMember: Sendable, Equatable {
    /// The key with quotes removed and escapes decoded, casing untouched.
    public var key: String
    /// Where the key was written (including quotes for a quoted key).
    public var keyRange: SourceRange
    public var value: ConfigNode

    public init(key: String, keyRange: SourceRange, value: ConfigNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// A number literal: its text as written and its value.
public struct ConfigNumber: Sendable, Equatable {
    /// The literal exactly as it appears in the source (`0x1F`, `010`, `33.34`, `-5`).
    public var literal: String
    /// The numeric value (`0x1F` → 31, `010` → 8).
    public var value: Double
    /// The exact value when the literal is an integer (decimal, hex or octal).
    public var integer: Int64?

    public init(literal: String, value: Double, integer: Int64?) {
        self.literal = literal
        self.value = value
        self.integer = integer
    }
}
