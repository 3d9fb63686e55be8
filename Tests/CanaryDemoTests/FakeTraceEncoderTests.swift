import CanaryCore
import Foundation
import Testing
@testable import CanaryDemo

/// The trace encoder writes fake-service's bytes exactly, in both shapes, and what it writes
/// reads back with CanaryCore's decoder and attributes by IP.
@Suite struct FakeTraceEncoderTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The workshop's good reply, as a model.
    static let workshopOK = FakeTrace(
        name: "web", uri: "/", type: "HTTP", ipAddresses: ["10.42.0.14"],
        startTime: "2019-11-21T20:35:47.751446", endTime: "2019-11-21T20:35:47.776328", duration: "24.882855ms",
        body: "Hello World",
        upstreamCalls: [
            FakeTrace(
                name: "api-v1", uri: "http://localhost:9091", type: "HTTP", ipAddresses: ["10.42.0.10"],
                startTime: "2019-11-21T20:35:47.759473", endTime: "2019-11-21T20:35:47.774810", duration: "15.337719ms",
                body: "Response from API v1", upstreamCalls: [FakeTrace(uri: "http://localhost:9091", code: 200)], code: 200)
        ],
        code: 200)

    /// The workshop's canary reply (green's call to currency timed out), as a model.
    static let workshopTimeout = FakeTrace(
        name: "web", uri: "/", type: "HTTP", ipAddresses: ["10.42.0.17"],
        startTime: "2019-11-20T14:54:27.430419", endTime: "2019-11-20T14:54:32.439444", duration: "5.009025002s",
        upstreamCalls: [
            FakeTrace(
                name: "api-v1", uri: "http://localhost:9091", type: "HTTP", ipAddresses: ["10.42.0.19"],
                startTime: "2019-11-20T14:54:27.436368", endTime: "2019-11-20T14:54:32.438209", duration: "5.00184028s",
                upstreamCalls: [
                    .noReply(uri: "http://localhost:9091", error: TraceStyle.legacy.timeoutError(url: "http://localhost:9091/"))
                ],
                code: 500, error: TraceStyle.legacy.upstreamStatusError(url: "http://localhost:9091/", code: 500))
        ],
        code: 500)

    @Test func legacyFormReproducesTheWorkshopRepliesByteForByte() throws {
        #expect(FakeTraceEncoder.encode(Self.workshopOK, style: .legacy) == (try Self.fixture("web_reply_ok.json")))
        #expect(FakeTraceEncoder.encode(Self.workshopTimeout, style: .legacy) == (try Self.fixture("web_reply_canary_timeout.json")))
    }

    @Test func objectFormKeysUpstreamsByURISortedLastWins() {
        let trace = FakeTrace(
            name: "web", uri: "/",
            upstreamCalls: [
                FakeTrace(name: "z", uri: "http://b:9090", code: 200),
                FakeTrace(name: "first", uri: "http://a:9090", code: 200),
                FakeTrace(name: "second", uri: "http://a:9090", code: 200),
            ],
            code: 200)
        #expect(FakeTraceEncoder.encode(trace, style: .current) == """
            {
              "name": "web",
              "uri": "/",
              "upstream_calls": {
                "http://a:9090": {
                  "name": "second",
                  "uri": "http://a:9090",
                  "code": 200
                },
                "http://b:9090": {
                  "name": "z",
                  "uri": "http://b:9090",
                  "code": 200
                }
              },
              "code": 200
            }

            """)
    }

    @Test func fieldOrderHeadersCookiesAndEmptyValues() {
        let trace = FakeTrace(
            name: "payments", uri: "http://localhost:9091", type: "HTTP", ipAddresses: ["10.42.0.10", "10.42.1.10"],
            startTime: "s", endTime: "e", duration: "1ms", headers: ["b": "2", "A": "1"], cookies: ["c": "3"], body: "",
            code: 500, error: "boom")
        #expect(FakeTraceEncoder.encode(trace, style: .current) == """
            {
              "name": "payments",
              "uri": "http://localhost:9091",
              "type": "HTTP",
              "ip_addresses": [
                "10.42.0.10",
                "10.42.1.10"
              ],
              "start_time": "s",
              "end_time": "e",
              "duration": "1ms",
              "headers": {
                "A": "1",
                "b": "2"
              },
              "cookies": {
                "c": "3"
              },
              "body": "",
              "code": 500,
              "error": "boom"
            }

            """)
        // Only `code` is written for an otherwise empty trace.
        #expect(FakeTraceEncoder.encode(FakeTrace(), style: .legacy) == "{\n  \"code\": 0\n}\n")
    }

    @Test func stringsAreEscapedAsGoEscapesThem() {
        #expect(goQuote("<a href=\"x\">&</a>") == #""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e""#)
        #expect(goQuote("75.1µs naïve") == "\"75.1µs naïve\"")
        #expect(goQuote("a\nb\tc\r\\") == #""a\nb\tc\r\\""#)
        #expect(goQuote("\u{1}\u{8}\u{1f}\u{7f}") == "\"\\u0001\\u0008\\u001f\u{7f}\"")
        #expect(goQuote("\u{2028}\u{2029}") == #""\u2028\u2029""#)
    }

    @Test func everyEncodedTraceDecodesToTheExpectedHops() throws {
        for style in TraceStyle.allCases {
            let text = FakeTraceEncoder.encode(Self.workshopTimeout, style: style)
            let trace = try #require(TraceDecoder.decode(text).trace, "\(style)")
            #expect(trace.root.name == "web")
            #expect(trace.root.code == 500)
            #expect(trace.root.duration == 5.009025002)
            let green = try #require(trace.root.upstreamCalls.first)
            #expect(green.key == (style == .current ? "http://localhost:9091" : nil))
            #expect(green.ipAddresses == ["10.42.0.19"])
            #expect(green.code == 500)
            let noReply = try #require(green.upstreamCalls.first)
            #expect(noReply == Hop(
                key: style == .current ? "http://localhost:9091" : nil, uri: "http://localhost:9091", code: -1,
                error: "Error communicating with upstream service: " + TraceStyle.legacy.timeoutError(url: "http://localhost:9091/")))
        }
    }

    @Test func encodedTracesAttributeByIPAndReadBack() throws {
        let byIP = Attributor(rules: [try SubsetRule(parsing: "blue=ip:10.42.0.10"), try SubsetRule(parsing: "green=ip:10.42.0.19")])
        for style in TraceStyle.allCases {
            let ok = try #require(TraceDecoder.decode(FakeTraceEncoder.encode(Self.workshopOK, style: style)).trace)
            let bad = try #require(TraceDecoder.decode(FakeTraceEncoder.encode(Self.workshopTimeout, style: style)).trace)
            #expect(byIP.attribute(ok).subset == "blue")
            #expect(byIP.attribute(bad).subset == "green")
            #expect(bad.failingHop?.code == -1)
            // The reader used for upstream replies gives the model back.
            #expect(FakeTraceReader.read(Array(FakeTraceEncoder.encode(Self.workshopTimeout, style: style).utf8)) == Self.workshopTimeout)
        }
    }
}

private func goQuote(_ value: String) -> String {
    var out = ""
    JSONValue.writeString(value, to: &out, style: .goBefore122)
    return out
}
