/// A filter expression's `and`/`or`/`not` tree over its matches: ``FilterMatch`` as parsed,
/// `FilterExpression.Match` once checked against what it filters.
indirect enum FilterTree<Leaf: Sendable>: Sendable {
    case and(FilterTree, FilterTree)
    case or(FilterTree, FilterTree)
    case not(FilterTree)
    case match(Leaf)

    /// The same tree with every match transformed (the first error stops it).
    func map<T: Sendable, E: Error>(_ transform: (Leaf) throws(E) -> T) throws(E) -> FilterTree<T> {
        switch self {
        case .and(let a, let b): return .and(try a.map(transform), try b.map(transform))
        case .or(let a, let b): return .or(try a.map(transform), try b.map(transform))
        case .not(let a): return .not(try a.map(transform))
        case .match(let leaf): return .match(try transform(leaf))
        }
    }

    /// The tree's truth when each match is `test`ed (`and`/`or` stop early, as in Go).
    func evaluate(_ test: (Leaf) -> Bool) -> Bool {
        switch self {
        case .and(let a, let b): return a.evaluate(test) && b.evaluate(test)
        case .or(let a, let b): return a.evaluate(test) || b.evaluate(test)
        case .not(let a): return !a.evaluate(test)
        case .match(let leaf): return test(leaf)
        }
    }
}

/// A parsed filter expression, before it is checked against what it filters.
typealias FilterNode = FilterTree<FilterMatch>

/// `selector operator value`, `selector is [not] empty` or `value [not] in selector`.
///
/// Selector segments and values are bytes, as in Go: `"\xc3"` is one byte, and two
/// spellings of `é` (composed or not) are different values.
struct FilterMatch: Sendable {
    var selector: [[UInt8]]
    var op: FilterOperator
    /// The value as written (unquoted); nil for `is empty` / `is not empty`.
    var value: [UInt8]?

    /// `Service.Meta.version`, for messages.
    var selectorText: String { selector.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".") }
}

/// Consul's match operators. `contains` is `in` with its operands the other way round.
enum FilterOperator: Sendable {
    case equal, notEqual, isEmpty, isNotEmpty, isIn, notIn, matches, notMatches

    /// The name go-bexpr gives it in messages.
    var name: String {
        switch self {
        case .equal: "Equal"
        case .notEqual: "Not Equal"
        case .isEmpty: "Is Empty"
        case .isNotEmpty: "Is Not Empty"
        case .isIn: "In"
        case .notIn: "Not In"
        case .matches: "Matches"
        case .notMatches: "Not Matches"
        }
    }

    /// The operator with the opposite result (`!=` for `==`).
    var positive: FilterOperator {
        switch self {
        case .notEqual: .equal
        case .isNotEmpty: .isEmpty
        case .notIn: .isIn
        case .notMatches: .matches
        default: self
        }
    }

    var isNegated: Bool { positive != self }
}
