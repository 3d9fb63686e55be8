import CanaryProbe
import NIOHTTP1
import Testing

/// URLs and `--header` values taken apart, and the request head built from them.
@Suite struct ProbeTargetTests {
    @Test func urlsOfEveryShape() throws {
        let plain = try ProbeTarget(url: "http://localhost:9090")
        #expect(plain.host == "localhost" && plain.port == 9090 && plain.path == "/" && !plain.usesTLS)
        let query = try ProbeTarget(url: "https://web.example/api?x=1#frag")
        #expect(query.port == 443 && query.path == "/api?x=1" && query.usesTLS)
        let bare = try ProbeTarget(url: "127.0.0.1:8080?probe")
        #expect(bare.scheme == "http" && bare.port == 8080 && bare.path == "/?probe")
        let v6 = try ProbeTarget(url: "http://[::1]:9090/x")
        #expect(v6.host == "::1" && v6.hostHeader == "[::1]:9090")
        #expect(try ProbeTarget(url: "http://web/").hostHeader == "web")
    }

    @Test func badURLsSayWhatIsWrong() {
        #expect(throws: ProbeTargetError.self) { try ProbeTarget(url: "ftp://x/") }
        #expect(throws: ProbeTargetError.self) { try ProbeTarget(url: "http://:80/") }
        #expect(throws: ProbeTargetError.self) { try ProbeTarget(url: "http://x:99999/") }
        #expect(throws: ProbeTargetError.self) { try ProbeTarget(url: "http://x/a b") }
    }

    @Test func headersGoIntoTheRequestHead() throws {
        let headers = [try ProbeTarget.header(parsing: "X-Canary:  yes "), try ProbeTarget.header(parsing: "host: other")]
        let head = try ProbeTarget(url: "http://web:9090/p", headers: headers).requestHead
        #expect(head.method == .GET && head.uri == "/p" && head.version == .http1_1)
        #expect(head.headers["X-Canary"] == ["yes"])
        #expect(head.headers["Host"] == ["other"])
        #expect(throws: ProbeTargetError.self) { try ProbeTarget.header(parsing: "no colon") }
        #expect(throws: ProbeTargetError.self) { try ProbeTarget.header(parsing: "Bad Name: x") }
    }
}
