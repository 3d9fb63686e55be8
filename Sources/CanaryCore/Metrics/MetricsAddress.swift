/// Where `/metrics` is served: `--metrics-addr HOST:PORT` read and checked.
///
/// `127.0.0.1:9464`, `0.0.0.0:9464` (every interface), `localhost:9464`, `[::1]:9464`; port 0
/// lets the system choose. The host is not resolved here: binding says whether it exists.
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host to bind, without brackets (`::1`).
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `text` as an address, or why not, in words that follow the option's name.
    public static func parse(_ text: String) -> Result<MetricsAddress, Problem> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(Problem("\"\(text)\": an IPv6 host needs its closing ]")) }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(Problem("\"\(text)\": expected HOST:PORT, like [::1]:9464")) }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(Problem("\"\(text)\": expected HOST:PORT, like 127.0.0.1:9464")) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { return .failure(Problem("\"\(text)\": write an IPv6 host in brackets, like [::1]:9464")) }
        }
        guard !host.isEmpty else { return .failure(Problem("\"\(text)\": no host (use 127.0.0.1, or 0.0.0.0 for every interface)")) }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_:%".contains($0)) }) else {
            return .failure(Problem("\"\(TerminalSafe.clean(text))\": the host has characters no host name or address has"))
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), port <= 65535 else {
            return .failure(Problem("\"\(TerminalSafe.clean(text))\": the port must be a number from 0 to 65535"))
        }
        return .success(MetricsAddress(host: String(host), port: port))
    }

    /// `127.0.0.1:9464`, `[::1]:9464`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Why an address was refused.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) {
            self.description = description
        }
    }
}
