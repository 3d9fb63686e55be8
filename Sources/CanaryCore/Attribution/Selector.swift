/// A test on one hop of a trace that says "this hop belongs to the subset".
///
/// Written on the command line after the subset name: `--subset green=ip:10.42.0.19`.
public enum Selector: Sendable, Equatable, CustomStringConvertible {
    /// `name:<glob>`: the hop's `name` matches (`name:api-v2*`).
    case name(Glob)
    /// `ip:<address>` or `ip:<CIDR>`: any of the hop's `ip_addresses` lies inside.
    case ip(IPRange)
    /// Any of the hop's addresses is one of these (catalog attribution fills this from Consul).
    case ipSet(Set<String>)
    /// `header:<Header>=<value>`: the hop's recorded header (name case-insensitive) matches the value glob.
    case header(name: String, value: Glob)
    /// `body:<substring>`: the hop's `body` contains the text.
    case body(String)

    /// Parses the text after `NAME=`: `name:api-*`, `ip:10.42.0.0/24`, `header:X-Version=v3`, `body:v3`.
    public init(parsing text: String) throws(RuleError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw RuleError("selector \"\(text)\" needs a kind: name:, ip:, header: or body:")
        }
        let kind = text[..<colon].lowercased()
        let value = String(text[text.index(after: colon)...])
        switch kind {
        case "name":
            guard !value.isEmpty else { throw RuleError("selector \"\(text)\": name: needs a pattern") }
            self = .name(Glob(value))
        case "ip":
            guard let range = IPRange(value) else {
                throw RuleError("selector \"\(text)\": \"\(value)\" is not an IP address or CIDR block")
            }
            self = .ip(range)
        case "header":
            guard let eq = value.firstIndex(of: "="), eq != value.startIndex else {
                throw RuleError("selector \"\(text)\": header: needs <Header>=<value>")
            }
            self = .header(name: String(value[..<eq]), value: Glob(String(value[value.index(after: eq)...])))
        case "body":
            guard !value.isEmpty else { throw RuleError("selector \"\(text)\": body: needs a substring") }
            self = .body(value)
        default:
            throw RuleError("selector \"\(text)\": unknown kind \"\(kind)\" (use name:, ip:, header: or body:)")
        }
    }

    /// Whether `hop` satisfies this selector.
    public func matches(_ hop: Hop) -> Bool {
        switch self {
        case .name(let glob):
            guard let name = hop.name else { return false }
            return glob.matches(name)
        case .ip(let range):
            return hop.ipAddresses.contains { range.contains($0) }
        case .ipSet(let set):
            return hop.ipAddresses.contains { set.contains($0) }
        case .header(let name, let value):
            guard let v = hop.header(name) else { return false }
            return value.matches(v)
        case .body(let needle):
            guard let body = hop.body else { return false }
            return body.contains(needle)
        }
    }

    public var description: String {
        switch self {
        case .name(let g): return "name:\(g.pattern)"
        case .ip(let r): return "ip:\(r)"
        case .ipSet(let s): return "ip in {\(s.sorted().joined(separator: ", "))}"
        case .header(let n, let v): return "header:\(n)=\(v.pattern)"
        case .body(let b): return "body:\(b)"
        }
    }
}

/// A rule or option that cannot be understood; the message names the offending text.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
