/// Splits an HTTP request target into its path and decoded query items.
public enum RequestTarget {
    /// `/v1/config?cas=3&passing` → (`/v1/config`, [("cas","3"), ("passing","")]).
    public static func split(_ uri: String) -> (String, [(String, String)]) {
        guard let q = uri.firstIndex(of: "?") else { return (percentDecode(uri), []) }
        let path = percentDecode(String(uri[..<q]))
        let items = uri[uri.index(after: q)...].split(separator: "&").map { item -> (String, String) in
            if let eq = item.firstIndex(of: "=") {
                return (percentDecode(String(item[..<eq])), percentDecode(String(item[item.index(after: eq)...]), plusIsSpace: true))
            }
            return (percentDecode(String(item)), "")
        }
        return (path, items)
    }

    /// Decodes `%XX` escapes (and `+` as a space in query values); malformed escapes stay as written.
    public static func percentDecode(_ s: String, plusIsSpace: Bool = false) -> String {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2,
                let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else if plusIsSpace, b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
