import NIOHTTP1

/// The URL a watch probes, taken apart, and the request head sent to it every time.
///
/// Accepts `http://host[:port][/path][?query]` and `https://…`; a bare `host:port/path`
/// means `http://`. IPv6 literals go in brackets (`http://[::1]:9090/`). The fragment is
/// dropped, as browsers do.
public struct ProbeTarget: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// The host name or address, without brackets.
    public var host: String
    public var port: Int
    /// The request target: path and query (`/`, `/api?x=1`).
    public var path: String
    /// Extra request headers, in the order given (`--header 'K: V'`).
    public var headers: [(name: String, value: String)]

    /// Whether the connection uses TLS.
    public var usesTLS: Bool { scheme == "https" }

    /// Parses `url`; throws a ``ProbeTargetError`` naming what is wrong.
    public init(url: String, headers: [(name: String, value: String)] = []) throws(ProbeTargetError) {
        var rest = Substring(url)
        var scheme = "http"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        guard scheme == "http" || scheme == "https" else {
            throw ProbeTargetError("\(url): only http:// and https:// URLs can be probed")
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<pathStart]
        var path = String(rest[pathStart...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw ProbeTargetError("\(url): unclosed [ in the host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw ProbeTargetError("\(url): unexpected text after the host")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw ProbeTargetError("\(url): no host") }
        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw ProbeTargetError("\(url): \"\(portText)\" is not a port")
            }
            port = p
        }
        guard !path.contains(where: { $0 == " " || $0.isNewline }) else {
            throw ProbeTargetError("\(url): spaces and line breaks must be percent-encoded")
        }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
        self.path = path
        self.headers = headers
    }

    /// Parses one `--header 'Name: value'`.
    public static func header(parsing text: String) throws(ProbeTargetError) -> (name: String, value: String) {
        guard let colon = text.firstIndex(of: ":") else {
            throw ProbeTargetError("--header \"\(text)\": expected 'Name: value'")
        }
        let name = text[..<colon].trimmingCharacters(in: " \t")
        let value = text[text.index(after: colon)...].trimmingCharacters(in: " \t")
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard !name.isEmpty, name.allSatisfy({ tokenCharacters.contains($0) }) else {
            throw ProbeTargetError("--header \"\(text)\": \"\(name)\" is not a header name")
        }
        guard !value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw ProbeTargetError("--header \"\(text)\": the value may not contain line breaks")
        }
        return (name, value)
    }

    /// The `Host` header's value: the host, bracketed if IPv6, with the port unless it is the default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = usesTLS ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// The head of every probe request: `GET <path> HTTP/1.1` with `Host`, `User-Agent`,
    /// `Accept`, then the extra headers (a given `Host` or `User-Agent` replaces ours).
    public var requestHead: HTTPRequestHead {
        var fields = HTTPHeaders()
        fields.add(name: "Host", value: hostHeader)
        fields.add(name: "User-Agent", value: "canarytop")
        fields.add(name: "Accept", value: "*/*")
        for (name, value) in headers {
            if ["host", "user-agent", "accept"].contains(name.lowercased()) {
                fields.replaceOrAdd(name: name, value: value)
            } else {
                fields.add(name: name, value: value)
            }
        }
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: fields)
    }

    /// ``requestHead`` as the bytes sent: `GET /path HTTP/1.1`, each header, a blank line.
    public var requestText: String {
        let head = requestHead
        var text = "GET \(head.uri) HTTP/1.1\r\n"
        for (name, value) in head.headers { text += "\(name): \(value)\r\n" }
        return text + "\r\n"
    }

    public var description: String {
        "\(scheme)://\(hostHeaderWithPort)\(path)"
    }

    private var hostHeaderWithPort: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(name):\(port)"
    }

    public static func == (a: ProbeTarget, b: ProbeTarget) -> Bool {
        a.scheme == b.scheme && a.host == b.host && a.port == b.port && a.path == b.path
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }
}

/// A URL or header that cannot be probed; the message names it.
public struct ProbeTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
