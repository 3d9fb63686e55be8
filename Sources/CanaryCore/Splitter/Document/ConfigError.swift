/// A problem reading a config file: where it is and what went wrong.
///
/// Renders like a compiler diagnostic, `payments_splitter.hcl:4:12: expected '=' or '{'
/// after key "weight", found ':'`. The label is whatever the caller passed in (usually the
/// file name); the readers themselves never touch the file system.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which stage produced the error.
    public enum Stage: Equatable, Sendable {
        /// The text is not valid HCL1 / JSON.
        case syntax
        /// The text parsed but is not the expected kind of config entry.
        case kind
        /// The entry has the right kind but a field could not be decoded.
        case decode
    }

    public var stage: Stage
    /// The caller's name for the text, e.g. `payments_splitter.hcl` or `consul reply`.
    public var label: String
    /// Where the problem is, when it can be pinned to a spot.
    public var position: SourcePosition?
    /// What went wrong, without the location prefix.
    public var message: String

    public init(stage: Stage, label: String, position: SourcePosition?, message: String) {
        self.stage = stage
        self.label = label
        self.position = position
        self.message = message
    }

    /// 1-based line of the problem, when known.
    public var line: Int? { position?.line }
    /// 1-based column of the problem, when known.
    public var column: Int? { position?.column }

    /// `label:line:column: message`, or `label: message` without a position.
    public var description: String {
        let prefix = label.isEmpty ? "" : "\(label):"
        if let position {
            return "\(prefix)\(position.line):\(position.column): \(message)"
        }
        return label.isEmpty ? message : "\(label): \(message)"
    }
}
