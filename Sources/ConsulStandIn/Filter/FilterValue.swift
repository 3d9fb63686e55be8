import CanaryCore

/// A written value converted to the type of the field it is compared with, as go-bexpr
/// converts it: strings as written, integers with Go's `strconv.ParseInt(v, 0, 64)`
/// (`0x8d53`, `0o17`, `017`, `1_000`), booleans with `strconv.ParseBool` (`1`, `t`, `T`,
/// `TRUE`, `true`, `True` and the `0`/`f`/`false` family).
enum FilterValue: Sendable, Equatable {
    case string([UInt8])
    case int(Int)
    case bool(Bool)

    struct Refused: Error {
        /// Go's error text: `strconv.ParseInt: parsing "abc": invalid syntax`.
        var reason: String
    }

    static func coerce(_ raw: [UInt8], to shape: FilterShape) throws(Refused) -> FilterValue {
        let quoted = GoQuote.quote(String(decoding: raw, as: UTF8.self))
        switch shape {
        case .int:
            switch GoScalarText.parseInt(raw) {
            case .success(let value): return .int(value)
            case .failure(.syntax): throw Refused(reason: "strconv.ParseInt: parsing \(quoted): invalid syntax")
            case .failure(.range): throw Refused(reason: "strconv.ParseInt: parsing \(quoted): value out of range")
            }
        case .bool:
            guard let value = GoScalarText.parseBool(String(decoding: raw, as: UTF8.self)) else {
                throw Refused(reason: "strconv.ParseBool: parsing \(quoted): invalid syntax")
            }
            return .bool(value)
        default:
            return .string(raw)
        }
    }
}
