import Testing

@testable import CanaryCore

/// The workshop's two real replies and hand-written traces of every shape in the reference.
@Suite struct TraceDecoderFixtureTests {
    @Test func workshopOkReply() throws {
        let root = try Fixture.trace("web_reply_ok.json").root
        #expect(root.key == nil)
        #expect(root.name == "web")
        #expect(root.uri == "/")
        #expect(root.type == "HTTP")
        #expect(root.ipAddresses == ["10.42.0.14"])
        #expect(root.durationText == "24.882855ms")
        #expect(root.duration == 0.024882855)
        #expect(root.body == "Hello World")
        #expect(root.code == 200)
        #expect(root.error == nil)
        #expect(root.headers.isEmpty)
        #expect(!root.isFailing)

        try #require(root.upstreamCalls.count == 1)
        let api = root.upstreamCalls[0]
        #expect(api.key == nil)
        #expect(api.name == "api-v1")
        #expect(api.uri == "http://localhost:9091")
        #expect(api.ipAddresses == ["10.42.0.10"])
        #expect(api.durationText == "15.337719ms")
        #expect(api.duration == 0.015337719)
        #expect(api.body == "Response from API v1")
        #expect(api.code == 200)

        try #require(api.upstreamCalls.count == 1)
        let leaf = api.upstreamCalls[0]
        #expect(leaf == Hop(uri: "http://localhost:9091", code: 200))
    }

    @Test func workshopCanaryTimeoutReply() throws {
        let root = try Fixture.trace("web_reply_canary_timeout.json").root
        #expect(root.name == "web")
        #expect(root.ipAddresses == ["10.42.0.17"])
        #expect(root.durationText == "5.009025002s")
        #expect(root.duration == 5.009025002)
        #expect(root.body == nil)
        #expect(root.code == 500)
        #expect(root.isFailing)

        try #require(root.upstreamCalls.count == 1)
        let api = root.upstreamCalls[0]
        #expect(api.name == "api-v1")
        #expect(api.ipAddresses == ["10.42.0.19"])
        #expect(api.duration == 5.00184028)
        #expect(api.code == 500)
        #expect(api.error == "Error processing upstream request: http://localhost:9091/")

        try #require(api.upstreamCalls.count == 1)
        let dead = api.upstreamCalls[0]
        #expect(dead.name == nil)
        #expect(dead.uri == "http://localhost:9091")
        #expect(dead.code == -1)
        #expect(dead.ipAddresses.isEmpty)
        #expect(dead.durationText == nil && dead.duration == nil)
        #expect(
            dead.error
                == "Error communicating with upstream service: Get http://localhost:9091/: net/http: request canceled (Client.Timeout exceeded while awaiting headers)"
        )
        #expect(dead.isFailing)
    }

    @Test func objectFormKeysEachUpstream() throws {
        let root = try Fixture.trace("trace_object_form.json").root
        #expect(root.ipAddresses == ["10.0.0.5", "172.17.0.3"])
        #expect(root.upstreamCalls.map(\.key) == ["http://api:9090", "http://cache:9090", "http://payments:9090"])
        #expect(root.upstreamCalls.map(\.name) == ["api-v2", "cache", "payments"])
        #expect(root.upstreamCalls.map(\.code) == [200, 200, 200])

        let api = root.upstreamCalls[0]
        #expect(api.body == "API v2 <canary>")  // \u003c and \u003e unescaped
        #expect(api.headers.count == 5)
        #expect(api.headers.first == Hop.Header(name: "Content-Length", value: "312"))
        #expect(api.header("server") == "envoy")
        #expect(api.header("x-envoy-upstream-service-time") == "20")

        let cache = root.upstreamCalls[1]
        #expect(cache.durationText == "75.1µs")
        #expect(cache.duration.map { abs($0 - 75.1e-6) < 1e-15 } == true)
        #expect(root.upstreamCalls[2].duration == 0.029)
    }

    @Test func mixedShapesAtEveryDepth() throws {
        let root = try Fixture.trace("trace_mixed_nested.json").root
        #expect(root.body == #"{"message": "raw JSON body", "n": [1, 2]}"#)
        #expect(root.code == 500)

        // The repeated "http://api:9090" replaced the first entry in place.
        #expect(root.upstreamCalls.map(\.key) == ["http://api:9090", "http://auth:9090"])
        let api = root.upstreamCalls[0]
        #expect(api.ipAddresses == ["10.0.1.8"])
        #expect(api.body == nil)
        #expect(api.duration == 1.15)
        #expect(api.header("Content-Type") == "text/plain; charset=utf-8")  // from `Headers`
        #expect(api.error == "Error processing upstream request: http://api:9090/, expected code 200, got 500")

        // Array form inside the object form, object form inside that.
        try #require(api.upstreamCalls.count == 1)
        let db = api.upstreamCalls[0]
        #expect(db.key == nil)
        #expect(db.name == "db")
        #expect(db.duration.map { abs($0 - 62.3) < 1e-12 } == true)
        try #require(db.upstreamCalls.count == 1)
        let disk = db.upstreamCalls[0]
        #expect(disk.key == "http://disk:9090")
        #expect(disk.code == -1)
        #expect(
            disk.error
                == #"Error communicating with upstream service: Get "http://disk:9090/": dial tcp 10.0.1.9:9090: connect: connection refused"#
        )

        let auth = root.upstreamCalls[1]
        #expect(auth.code == 200)  // written as 200.0
        #expect(auth.body == nil)  // null
        #expect(auth.duration == 850e-9)
        #expect(auth.ipAddresses.isEmpty)
    }

    @Test func grpcHops() throws {
        let root = try Fixture.trace("trace_grpc.json").root
        let currency = root.upstreamCalls[0]
        #expect(currency.isGRPC)
        #expect(currency.code == 0)
        #expect(!currency.isFailing)
        #expect(currency.key == "currency:9090")

        let ledger = root.upstreamCalls[1]
        #expect(ledger.isGRPC)
        #expect(ledger.code == 14)
        #expect(ledger.isFailing)
        #expect(ledger.name == nil)
        #expect(ledger.error?.hasPrefix("rpc error: code = Unavailable desc = connection error: desc = \"transport:") == true)
    }

    @Test func injectedFaultHasNoTimings() throws {
        let root = try Fixture.trace("trace_fault_injected.json").root
        #expect(root.name == "payments-v2")
        #expect(root.code == 500)
        #expect(root.error == "Service error automatically injected")
        #expect(root.duration == nil && root.body == nil && root.upstreamCalls.isEmpty)
    }

    @Test func envoyTextBodyIsNotJSON() throws {
        let outcome = TraceDecoder.decode(try Fixture.bytes("envoy_503.txt"))
        #expect(
            outcome
                == .fault(
                    .notJSON(preview: "upstream connect error or disconnect/reset before headers. reset reason: connec…")
                )
        )
        #expect(outcome.fault?.className == "not-json")
    }

    @Test func everyOverloadAgrees() throws {
        let bytes = try Fixture.bytes("web_reply_ok.json")
        let expected = TraceDecoder.decode(bytes)
        #expect(expected.trace != nil)
        #expect(TraceDecoder.decode(bytes[...]) == expected)
        #expect(TraceDecoder.decode(String(decoding: bytes, as: UTF8.self)) == expected)
        #expect(bytes.withUnsafeBytes { TraceDecoder.decode($0) } == expected)
        #expect(TraceDecoder.decode(AnySequence(bytes)) == expected)  // not contiguous: copied
    }
}
