import Testing

@testable import CanaryCore

/// Hostile and huge inputs: deep nesting, very large bodies, every cut-off point.
@Suite struct TraceDecoderLimitsTests {
    private let tooDeep = TraceOutcome.fault(.tooDeep(limit: TraceDecoder.maxDepth))

    @Test func tenThousandNestedArrays() {
        #expect(TraceDecoder.decode(String(repeating: "[", count: 10_000)) == tooDeep)
        let closed = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(TraceDecoder.decode(closed) == tooDeep)
    }

    @Test func tenThousandNestedObjects() {
        #expect(TraceDecoder.decode(String(repeating: #"{"a":"#, count: 10_000)) == tooDeep)
        let closed = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(TraceDecoder.decode(closed) == tooDeep)
    }

    @Test func deepNestingInsideFieldsTheDecoderReads() {
        let deep = String(repeating: "[", count: 10_000)
        for field in ["body", "unknown", "ip_addresses", "headers", "upstream_calls", "code", "name"] {
            #expect(TraceDecoder.decode(#"{"\#(field)":\#(deep)"#) == tooDeep, "\(field)")
        }
        let hops = String(repeating: #"{"upstream_calls":["#, count: 10_000)
        #expect(TraceDecoder.decode(hops) == tooDeep)
        let keyed = String(repeating: #"{"upstream_calls":{"k":"#, count: 10_000)
        #expect(TraceDecoder.decode(keyed) == tooDeep)
        let headers = #"{"headers":{"a":"# + deep
        #expect(TraceDecoder.decode(headers) == tooDeep)
    }

    @Test func nestingUpToTheLimitIsFine() {
        let limit = TraceDecoder.maxDepth
        // The top-level object plus limit - 1 arrays: exactly at the limit.
        let atLimit = #"{"body":"# + String(repeating: "[", count: limit - 1) + String(repeating: "]", count: limit - 1) + "}"
        #expect(TraceDecoder.decode(atLimit).trace?.root.body?.count == 2 * (limit - 1))
        let overLimit = #"{"body":"# + String(repeating: "[", count: limit) + String(repeating: "]", count: limit) + "}"
        #expect(TraceDecoder.decode(overLimit) == tooDeep)
        // Hops nest two containers per level: 31 levels of upstream calls fit.
        var chain = "{}"
        for _ in 0..<31 { chain = #"{"upstream_calls":[\#(chain)]}"# }
        var depth = 0
        var hop = TraceDecoder.decode(chain).trace?.root
        while let next = hop?.upstreamCalls.first {
            depth += 1
            hop = next
        }
        #expect(depth == 31)
        #expect(TraceDecoder.decode(#"{"upstream_calls":[\#(chain)]}"#) == tooDeep)
    }

    @Test func fiftyMegabyteBodyString() {
        let size = 50 * 1024 * 1024
        var bytes = Array(#"{"name":"big","body":""#.utf8)
        bytes.reserveCapacity(size + 64)
        let pattern = Array("Hello µ World \\\"quoted\\\" \\u003c ".utf8)
        var copies = 0
        while bytes.count < size {
            bytes += pattern
            copies += 1
        }
        bytes += Array(#"","code":200}"#.utf8)
        let root = TraceDecoder.decode(bytes).trace?.root
        #expect(root?.name == "big")
        #expect(root?.code == 200)
        #expect(root?.body?.hasPrefix("Hello µ World \"quoted\" < Hello") == true)
        #expect(root?.body?.utf8.count == copies * "Hello µ World \"quoted\" < ".utf8.count)
    }

    @Test func fiftyMegabytesOfUnknownValues() {
        let size = 50 * 1024 * 1024
        var bytes = Array(#"{"request_headers":["#.utf8)
        bytes.reserveCapacity(size + 64)
        let element = Array(#"{"k":[1.5e3,true,null,"v"]},"#.utf8)
        while bytes.count < size { bytes += element }
        bytes += Array(#"0],"code":503}"#.utf8)
        #expect(TraceDecoder.decode(bytes).trace?.root == Hop(code: 503))
        // The same, cut off one byte before the end.
        #expect(TraceDecoder.decode(bytes.dropLast()) == .fault(.truncated(offset: bytes.count - 1)))
    }

    @Test func manyUpstreamKeysStayLinear() {
        var text = #"{"upstream_calls":{"#
        text += (0..<50_000).map { #""http://u\#($0 % 25_000)":{"code":\#($0)}"# }.joined(separator: ",")
        text += "}}"
        let calls = TraceDecoder.decode(text).trace?.root.upstreamCalls ?? []
        #expect(calls.count == 25_000)
        #expect(calls.first?.code == 25_000)
        #expect(calls.last?.key == "http://u24999")
    }

    @Test func everyPrefixOfARealTraceIsTruncatedOrEmpty() throws {
        for name in ["web_reply_ok.json", "web_reply_canary_timeout.json", "trace_mixed_nested.json"] {
            let bytes = try Fixture.bytes(name)
            // The last `}` completes the document; everything before it is a cut-off reply.
            let complete = try #require(bytes.lastIndex(of: UInt8(ascii: "}")))
            for cut in 0...complete {
                let outcome = TraceDecoder.decode(bytes[..<cut])
                if cut == 0 {
                    #expect(outcome == .fault(.empty))
                } else {
                    #expect(outcome == .fault(.truncated(offset: cut)), "\(name) cut at \(cut): \(outcome)")
                }
            }
            for cut in (complete + 1)...bytes.count {
                #expect(TraceDecoder.decode(bytes[..<cut]).trace != nil)
            }
        }
    }

    @Test func everyPrefixOfMultibyteTextIsTruncated() {
        let bytes = Array(#"{"duration":"75.1µs","body":"日本😀 \ud83d\ude00"}"#.utf8)
        for cut in 1..<bytes.count {
            #expect(TraceDecoder.decode(bytes[..<cut]) == .fault(.truncated(offset: cut)), "cut at \(cut)")
        }
    }
}
