/// The Go type of what a filter may select, as go-bexpr sees it: it decides which selectors
/// exist, which operators apply to each, and how a written value is converted.
///
/// Consul derives this from its Go structs; ``ConsulStandIn`` writes Consul's
/// `CheckServiceNode` out as a shape (``ServiceInstance/healthShape``).
public indirect enum FilterShape: Sendable, Equatable {
    case string, int, bool
    /// A Go slice (`[]string`, `[]*HealthCheck`).
    case list(FilterShape)
    /// A Go `map[string]…`.
    case map(FilterShape)
    /// A Go struct: field name → shape.
    case object([String: FilterShape])

    var isPrimitive: Bool { self == .string || self == .int || self == .bool }
}

/// What go-bexpr allows at a selector: its operators, the type a value is converted to, and
/// how the selector may continue.
struct FieldConfiguration {
    enum Subfields {
        case none
        case named([String: FilterShape])
        /// Any key (a map): every name leads to the same shape.
        case any(FilterShape)
    }

    var operators: Set<FilterOperator>
    /// The primitive shape values are coerced to, if any.
    var coercion: FilterShape?
    var subfields: Subfields

    init(_ shape: FilterShape) {
        switch shape {
        case .string:
            self.init(operators: [.equal, .notEqual, .isIn, .notIn, .matches, .notMatches], coercion: .string, subfields: .none)
        case .int, .bool:
            self.init(operators: [.equal, .notEqual], coercion: shape, subfields: .none)
        case .list(let element) where element.isPrimitive:
            self.init(operators: [.isIn, .notIn, .isEmpty, .isNotEmpty], coercion: element, subfields: .none)
        case .list(let element):
            self.init(operators: [.isEmpty, .isNotEmpty], coercion: nil, subfields: FieldConfiguration(element).subfields)
        case .map(let value):
            self.init(operators: [.isEmpty, .isNotEmpty, .isIn, .notIn], coercion: .string, subfields: .any(value))
        case .object(let fields):
            self.init(operators: [], coercion: nil, subfields: .named(fields))
        }
    }

    private init(operators: Set<FilterOperator>, coercion: FilterShape?, subfields: Subfields) {
        self.operators = operators
        self.coercion = coercion
        self.subfields = subfields
    }

    /// The shape one more selector segment reaches, or nil when there is no such field.
    func next(_ segment: [UInt8]) -> FilterShape? {
        switch subfields {
        case .none: return nil
        case .named(let fields): return String(validating: segment, as: UTF8.self).flatMap { fields[$0] }
        case .any(let shape): return shape
        }
    }
}
