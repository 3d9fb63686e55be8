/// A value a filter expression can look at: one field of the thing being filtered.
///
/// The health endpoint turns each `{Node, Service, Checks}` entry into an ``object(_:)`` of
/// these, and ``FilterExpression/matches(_:)`` walks it along a selector.
public indirect enum FilterField: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    /// A list of strings (`Service.Tags`).
    case strings([String])
    /// A string map (`Service.Meta`, `Node.Meta`).
    case stringMap([String: String])
    /// A structure with named fields (`Service`, `Node`).
    case object([String: FilterField])
    /// A list of structures (`Checks`).
    case list([FilterField])
}

/// The shape of what a filter may select, checked when the expression is parsed — as Consul
/// checks selectors against its Go types, so `Service.Fooo` is an error even with no data.
public indirect enum FilterShape: Sendable, Equatable {
    case string, int, bool, strings, stringMap
    case object([String: FilterShape])
    case list(FilterShape)

    /// What a selector reaches, after every segment: the shape, and whether it was reached
    /// through a list (so it yields many values).
    func resolve(_ segments: [String]) -> FilterShape? {
        var shape = self
        var throughList = false
        for segment in segments {
            switch shape {
            case .object(let fields):
                guard let next = fields[segment] else { return nil }
                shape = next
            case .stringMap:
                shape = .string
            case .list(.object(let fields)):
                guard let next = fields[segment] else { return nil }
                shape = next
                throughList = true
            default:
                return nil
            }
        }
        if throughList {
            switch shape {
            case .string, .int, .bool: return .strings
            default: return nil
            }
        }
        return shape
    }
}

extension FilterField {
    /// The value a selector reaches, or nil when a map has no such key. Values found through
    /// a list of structures are collected into ``strings(_:)``.
    func resolve(_ segments: [String]) -> FilterField? {
        guard let first = segments.first else { return self }
        let rest = Array(segments.dropFirst())
        switch self {
        case .object(let fields):
            return fields[first]?.resolve(rest)
        case .stringMap(let map):
            guard rest.isEmpty, let value = map[first] else { return nil }
            return .string(value)
        case .list(let items):
            let values = items.compactMap { $0.resolve(segments) }.flatMap { value -> [String] in
                switch value {
                case .string(let s): return [s]
                case .int(let i): return [String(i)]
                case .bool(let b): return [String(b)]
                case .strings(let list): return list
                default: return []
                }
            }
            return .strings(values)
        default:
            return nil
        }
    }
}
