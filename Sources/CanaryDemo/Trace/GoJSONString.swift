/// JSON string literals as Go's `encoding/json` writes them with HTML escaping on (its default).
///
/// `"` and `\` get a backslash; `\n`, `\r`, `\t` their short escapes; other control characters
/// `\u00XX` (lower-case hex, as Go before 1.22 wrote `\b` and `\f` too); `<`, `>`, `&` become
/// `\u003c`, `\u003e`, `\u0026`; U+2028 and U+2029 are escaped; everything else, `µ`
/// included, is raw UTF-8.
public enum GoJSONString {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `value` as a quoted JSON string.
    public static func append(_ value: String, to out: inout String) {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case "\\": bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case "\n": bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case "\r": bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case "\t": bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                unicodeEscape(scalar.value, into: &bytes)
            default:
                if scalar.value < 0x20 {
                    unicodeEscape(scalar.value, into: &bytes)
                } else {
                    bytes += Array(String(scalar).utf8)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// The quoted JSON string for `value`.
    public static func quote(_ value: String) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }

    private static func unicodeEscape(_ value: UInt32, into bytes: inout [UInt8]) {
        bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
