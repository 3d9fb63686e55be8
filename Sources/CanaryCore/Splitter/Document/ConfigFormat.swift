/// The two syntaxes `consul config write` accepts, and the rule it uses to tell them apart;
/// plus Kubernetes YAML, for consul-k8s resources, which is never detected (Consul does not
/// read it): a manifest is read as such on purpose (``SplitterDocument/init(yaml:label:name:)``).
public enum ConfigFormat: String, Sendable, Equatable {
    case hcl
    case json
    case yaml

    /// JSON when the first non-blank character is `{`, otherwise HCL version 1.
    public static func detect(_ text: String) -> ConfigFormat {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "{"):
                return .json
            default:
                return .hcl
            }
        }
        return .hcl
    }
}

/// Entry point for turning config text into a ``ConfigNode`` tree.
public enum ConfigReader {
    /// Parses `text` as the format ``ConfigFormat/detect(_:)`` picks.
    /// - Parameter label: names the text in error messages (no I/O happens).
    public static func parse(_ text: String, label: String) throws(ConfigError) -> (ConfigFormat, ConfigNode) {
        let format = ConfigFormat.detect(text)
        return (format, try parse(text, as: format, label: label))
    }

    /// Parses `text` in the given format.
    public static func parse(_ text: String, as format: ConfigFormat, label: String) throws(ConfigError) -> ConfigNode {
        switch format {
        case .hcl: return try HCLParser.parse(text, label: label)
        case .json: return try JSONParser.parse(text, label: label)
        case .yaml:
            // One document's JSON value, as kubectl would send it.
            let stream = try YAMLStream(text, label: label)
            guard stream.documents.count == 1 else {
                throw ConfigError(stage: .syntax, label: label, position: nil,
                                  message: "expected one YAML document, found \(stream.documents.count)")
            }
            return stream.documents[0].root
        }
    }

    /// How deeply objects and lists may nest before a reader gives up; keeps hostile input
    /// from exhausting the stack.
    public static let maximumDepth = 200
}
