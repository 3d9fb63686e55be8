import Testing

@testable import CanaryCore

/// How each trace field is read: types, nulls, repeats, numbers, unknown keys.
@Suite struct TraceDecoderFieldTests {
    private func root(_ json: String) throws -> Hop {
        let outcome = TraceDecoder.decode(json)
        return try #require(outcome.trace, "\(outcome)").root
    }

    @Test func emptyObjectIsAnEmptyHop() throws {
        #expect(try root("{}") == Hop())
        #expect(try root(" { } \n") == Hop())
    }

    @Test func nullMeansAbsent() throws {
        let hop = try root(
            #"{"name":null,"uri":null,"type":null,"ip_addresses":null,"duration":null,"headers":null,"#
                + #""body":null,"code":null,"error":null,"upstream_calls":null}"#)
        #expect(hop == Hop())
    }

    @Test func wrongTypesAreIgnoredButValidated() throws {
        let hop = try root(
            #"{"name":1,"uri":[],"type":{},"ip_addresses":"10.0.0.1","duration":5,"headers":["a"],"#
                + #""code":"200","error":true,"upstream_calls":"none"}"#)
        #expect(hop == Hop())
        #expect(TraceDecoder.decode(#"{"name":[1,}"#).fault == .malformed(offset: 11, expected: "a value"))
    }

    @Test func repeatedScalarKeysTakeTheLastValue() throws {
        let hop = try root(#"{"name":"a","code":200,"name":"b","code":503,"error":"x","error":null}"#)
        #expect(hop.name == "b")
        #expect(hop.code == 503)
        #expect(hop.error == nil)
    }

    @Test func repeatedContainerKeysTakeTheLastValue() throws {
        let hop = try root(
            #"{"ip_addresses":["1.1.1.1"],"ip_addresses":["2.2.2.2"],"headers":{"A":"1"},"Headers":{"B":"2"},"#
                + #""upstream_calls":[{"name":"x"}],"upstream_calls":{"k":{"name":"y"}}}"#)
        #expect(hop.ipAddresses == ["2.2.2.2"])
        #expect(hop.headers == [Hop.Header(name: "B", value: "2")])
        #expect(hop.upstreamCalls == [Hop(key: "k", name: "y")])
    }

    @Test func duplicateUpstreamKeysReplaceInPlace() throws {
        let hop = try root(#"{"upstream_calls":{"a":{"code":1},"b":{"code":2},"a":{"code":3},"c":null,"d":7}}"#)
        #expect(hop.upstreamCalls == [Hop(key: "a", code: 3), Hop(key: "b", code: 2)])
    }

    @Test func manyDuplicateUpstreamKeysStayInPlace() throws {
        // Past the point where the decoder switches to a dictionary.
        var members = (0..<40).map { #""u\#($0)":{"code":\#($0)}"# }
        members += (0..<40).map { #""u\#($0)":{"code":\#(1000 + $0)}"# }
        let hop = try root(#"{"upstream_calls":{\#(members.joined(separator: ","))}}"#)
        #expect(hop.upstreamCalls.map(\.key) == (0..<40).map { "u\($0)" })
        #expect(hop.upstreamCalls.map(\.code) == (0..<40).map { 1000 + $0 })
    }

    @Test func arrayFormSkipsNonObjects() throws {
        let hop = try root(#"{"upstream_calls":[null,{"code":-1},1,"x",[],{"uri":"/a"}]}"#)
        #expect(hop.upstreamCalls == [Hop(code: -1), Hop(uri: "/a")])
    }

    static let integral: [(String, Int)] = [
        ("200", 200), ("-1", -1), ("0", 0), ("-0", 0), ("500.0", 500), ("5e2", 500), ("5E+2", 500),
        ("50000e-2", 500), ("0.5e1", 5), ("1.000", 1), ("999999999999999999", 999_999_999_999_999_999),
        ("-999999999999999999", -999_999_999_999_999_999), ("0e99999999999999999999", 0),
    ]

    @Test(arguments: integral)
    func integralCodes(text: String, code: Int) throws {
        #expect(try root(#"{"code":\#(text)}"#).code == code)
    }

    @Test(arguments: [
        "500.5", "1e-3", "0.1", "1e400", "-1e400", "99999999999999999999999", "1000000000000000000",
        "1e18", "12345678901234567890e-1", "1e99999999999999999999999",
    ])
    func nonIntegralOrAbsurdCodesAreIgnored(text: String) throws {
        #expect(try root(#"{"code":\#(text),"name":"n"}"#) == Hop(name: "n"))
    }

    @Test func bodyKeepsRawJSONExactly() throws {
        #expect(try root(#"{"body":{"a":1}}"#).body == #"{"a":1}"#)
        #expect(try root(#"{"body": [ 1 , "x\n" ] }"#).body == #"[ 1 , "x\n" ]"#)
        #expect(try root(#"{"body":42}"#).body == "42")
        #expect(try root(#"{"body":-1.5e3 }"#).body == "-1.5e3")
        #expect(try root(#"{"body":true}"#).body == "true")
        #expect(try root(#"{"body":"Hello \"World\""}"#).body == #"Hello "World""#)
        #expect(try root(#"{"body":"日本 µ"}"#).body == "日本 µ")
    }

    @Test func headersInEitherSpelling() throws {
        let old = try root(#"{"Headers":{"Content-Type":"text/plain","X-A":"1","X-A":"2"}}"#)
        #expect(old.headers.count == 3)
        #expect(old.header("x-a") == "2")
        let arrays = try root(#"{"headers":{"Set-Cookie":["a=1","b=2"],"X-Null":null,"X-Num":3}}"#)
        #expect(arrays.headers == [Hop.Header(name: "Set-Cookie", value: "a=1, b=2")])
    }

    @Test func durationTextAndSeconds() throws {
        let hop = try root(#"{"duration":"1m2.3s"}"#)
        #expect(hop.durationText == "1m2.3s")
        #expect(hop.duration.map { abs($0 - 62.3) < 1e-12 } == true)
        let escaped = try root(#"{"duration":"75.1\u00b5s"}"#)
        #expect(escaped.durationText == "75.1µs")
        #expect(escaped.duration.map { abs($0 - 75.1e-6) < 1e-15 } == true)
        let odd = try root(#"{"duration":"soon"}"#)
        #expect(odd.durationText == "soon")
        #expect(odd.duration == nil)
    }

    @Test func unknownKeysAreSkippedWhateverTheyHold() throws {
        let hop = try root(
            #"{"start_time":"2026-01-02T10:00:00.000100","path":["a"],"cookies":{"c":"1"},"#
                + #""request_headers":{"A":[{"b":[null,true,false,1.5e-3,"\u0041"]}]},"x":-0.0,"name":"kept"}"#)
        #expect(hop == Hop(name: "kept"))
    }

    @Test func escapedKeysAreRecognised() throws {
        let hop = try root(#"{"na\u006de":"web","\u0063ode":200,"up\u0073tream_calls":{"k\u00e9y":{}}}"#)
        #expect(hop.name == "web")
        #expect(hop.code == 200)
        #expect(hop.upstreamCalls == [Hop(key: "kéy")])
    }

    @Test func keysThatOnlyResembleFieldsAreUnknown() throws {
        let hop = try root(#"{"Name":"a","nam":"b","names":"c","URI":"d","codes":1,"HEADERS":{"A":"B"},"heads":1}"#)
        #expect(hop == Hop())
    }
}
