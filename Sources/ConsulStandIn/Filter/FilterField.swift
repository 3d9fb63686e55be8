import Foundation

/// A value a filter expression looks at: one entry of what is filtered, typed by its shape.
///
/// Built from the JSON Consul (or the stand-in) serves, the way Go's `json.Unmarshal` fills a
/// struct: absent or null fields are Go's zero values (`""`, `0`, `false`, empty).
public indirect enum FilterField: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([FilterField])
    /// Map entries, keys as bytes (Go compares keys byte by byte).
    case map([FilterMapEntry])
    case object([String: FilterField])

    /// `json` (as `JSONSerialization` gives it) read as `shape`.
    public init(json: Any?, shape: FilterShape) {
        switch shape {
        case .string: self = .string(json as? String ?? "")
        case .int: self = .int((json as? NSNumber)?.intValue ?? 0)
        case .bool: self = .bool((json as? NSNumber)?.boolValue ?? false)
        case .list(let element): self = .list((json as? [Any] ?? []).map { FilterField(json: $0, shape: element) })
        case .map(let value):
            let object = json as? [String: Any] ?? [:]
            self = .map(object.keys.sorted().map { FilterMapEntry(key: Array($0.utf8), value: FilterField(json: object[$0], shape: value)) })
        case .object(let fields):
            let object = json as? [String: Any] ?? [:]
            var values: [String: FilterField] = [:]
            for (name, fieldShape) in fields { values[name] = FilterField(json: object[name], shape: fieldShape) }
            self = .object(values)
        }
    }
}

public struct FilterMapEntry: Sendable, Equatable {
    public var key: [UInt8]
    public var value: FilterField
}
