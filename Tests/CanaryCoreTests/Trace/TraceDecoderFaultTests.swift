import Testing

@testable import CanaryCore

/// Bodies that are not traces, and how each is classified.
@Suite struct TraceDecoderFaultTests {
    private func fault(_ text: String) -> TraceFault? { TraceDecoder.decode(text).fault }
    private func fault(_ bytes: [UInt8]) -> TraceFault? { TraceDecoder.decode(bytes).fault }

    @Test(arguments: ["", " ", "\n", " \t\r\n ", "\u{FEFF}", "\u{FEFF}  \n"])
    func emptyBodies(text: String) {
        #expect(fault(text) == .empty)
    }

    @Test func emptyBuffersOfEveryKind() {
        #expect(TraceDecoder.decode([UInt8]()) == .fault(.empty))
        #expect(TraceDecoder.decode(UnsafeRawBufferPointer(start: nil, count: 0)) == .fault(.empty))
        #expect(TraceDecoder.decode(EmptyCollection<UInt8>()) == .fault(.empty))
    }

    @Test func notJSONKeepsAFirstLinePreview() {
        #expect(fault("no healthy upstream") == .notJSON(preview: "no healthy upstream"))
        #expect(fault("  Hello World\nsecond line") == .notJSON(preview: "Hello World"))
        #expect(fault("upstream request timeout\r\n") == .notJSON(preview: "upstream request timeout"))
        #expect(fault("<html><body>502</body></html>") == .notJSON(preview: "<html><body>502</body></html>"))
        #expect(fault("RBAC: access denied") == .notJSON(preview: "RBAC: access denied"))
        #expect(fault("fault filter abort") == .notJSON(preview: "fault filter abort"))
        #expect(fault("404 page not found\n") == .notJSON(preview: "404 page not found"))
        #expect(fault("truest") == .notJSON(preview: "truest"))
        #expect(fault("-x") == .notJSON(preview: "-x"))
    }

    @Test func previewsAreTerminalSafeAndShort() {
        #expect(fault("boom\u{1B}[2J\u{07}x\ty") == .notJSON(preview: "boom\u{FFFD}[2J\u{FFFD}x y"))
        let long = String(repeating: "é", count: 500)
        #expect(fault(long) == .notJSON(preview: String(repeating: "é", count: 79) + "…"))
        #expect(fault(String(repeating: "a", count: 81)) == .notJSON(preview: String(repeating: "a", count: 79) + "…"))
        #expect(fault(String(repeating: "a", count: 80)) == .notJSON(preview: String(repeating: "a", count: 80)))
    }

    @Test func previewsDecodeInvalidUTF8Leniently() {
        #expect(fault([0xFF, 0xFE, 0x41]) == .notJSON(preview: "\u{FFFD}\u{FFFD}A"))
        #expect(fault([0xC3]) == .notJSON(preview: "\u{FFFD}"))
        #expect(fault([0xEF, 0xBB]) == .notJSON(preview: "\u{FFFD}"))  // half a byte order mark
        // Cut in the middle of a four-byte character at the window's edge: still no crash.
        let emoji = Array(String(repeating: "😀", count: 200).utf8)
        #expect(fault(Array(emoji.dropFirst())) != nil)
    }

    @Test func validJSONThatIsNotAnObject() {
        for text in ["[]", "[1,2,{\"a\":[]}]", "\"hello\"", "42", "-1.5e3", "true", "false", "null", " 0 \n"] {
            #expect(fault(text) == .notAnObject, "\(text)")
        }
        #expect(TraceFault.notAnObject.className == "not-an-object")
    }

    @Test func truncatedJSON() {
        #expect(fault("{") == .truncated(offset: 1))
        #expect(fault(#"{"name":"we"#) == .truncated(offset: 11))
        #expect(fault(#"{"code":20"#) == .truncated(offset: 10))
        #expect(fault(#"{"a":tr"#) == .truncated(offset: 7))
        #expect(fault(#"{"a":"\u00"#) == .truncated(offset: 10))
        #expect(fault(#"{"a":"\"#) == .truncated(offset: 7))
        #expect(fault([0x7B, 0x22, 0xE6, 0x97]) == .truncated(offset: 4))  // cut inside 日
        #expect(fault("[1,") == .truncated(offset: 3))
        #expect(fault("\"abc") == .truncated(offset: 4))
        #expect(fault("tr") == .truncated(offset: 2))
        #expect(fault("-") == .truncated(offset: 1))
        #expect(fault("1.") == .truncated(offset: 2))
        #expect(fault("1e+") == .truncated(offset: 3))
    }

    @Test func malformedJSONSaysWhereAndWhat() {
        #expect(fault(#"{"a":1 "b":2}"#) == .malformed(offset: 7, expected: "',' or '}'"))
        #expect(fault(#"{"a" 1}"#) == .malformed(offset: 5, expected: "':'"))
        #expect(fault(#"{a:1}"#) == .malformed(offset: 1, expected: "a key"))
        #expect(fault(#"{"a":1,}"#) == .malformed(offset: 7, expected: "a key"))
        #expect(fault(#"{"a":[1 2]}"#) == .malformed(offset: 8, expected: "',' or ']'"))
        #expect(fault(#"{"a":[1,]}"#) == .malformed(offset: 8, expected: "a value"))
        #expect(fault(#"{"a":nul}"#) == .malformed(offset: 8, expected: "'null'"))
        #expect(fault(#"{"a":01}"#) == .malformed(offset: 6, expected: "',' or '}'"))
        #expect(fault(#"{"a":-}"#) == .malformed(offset: 6, expected: "a digit"))
        #expect(fault(#"{"a":1.}"#) == .malformed(offset: 7, expected: "a digit"))
        #expect(fault(#"{"a":+1}"#) == .malformed(offset: 5, expected: "a value"))
        #expect(fault(#"{"a":'x'}"#) == .malformed(offset: 5, expected: "a value"))
        #expect(fault(#"{"a":"\x"}"#) == .malformed(offset: 7, expected: "an escape character"))
        #expect(fault(#"{"a":"\u12G4"}"#) == .malformed(offset: 10, expected: "a hex digit"))
        #expect(fault("{\"a\":\"tab\there\"}")
            == .malformed(offset: 9, expected: "an escape sequence instead of a control character"))
        #expect(fault("{\"a\":\"line\nbreak\"}")?.className == "malformed")
        #expect(fault([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x00, 0x7D])?.className == "malformed")
        #expect(fault("{\"a\":1}\u{00A0}")?.className == "malformed")
    }

    @Test func trailingTextAfterTheTopLevelValueIsMalformed() {
        #expect(fault("{} x") == .malformed(offset: 3, expected: "end of input"))
        #expect(fault("{}{}") == .malformed(offset: 2, expected: "end of input"))
        #expect(fault("[] ]") == .malformed(offset: 3, expected: "end of input"))
        #expect(fault("\"a\" \"b\"") == .malformed(offset: 4, expected: "end of input"))
        #expect(TraceDecoder.decode("{}\n\n  \t").trace != nil)
    }

    @Test func byteOrderMarkIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"name":"web"}"#.utf8)
        #expect(TraceDecoder.decode(bytes).trace?.root.name == "web")
        // Offsets still count from the first byte of the input.
        #expect(fault([0xEF, 0xBB, 0xBF, 0x7B]) == .truncated(offset: 4))
    }

    @Test func invalidUTF8InStringsIsReportedWhereItStarts() {
        let cases: [([UInt8], Int)] = [
            ([0xFF], 2),  // never valid
            ([0x80], 2),  // a lone continuation byte
            ([0xC0, 0xAF], 2),  // overlong "/"
            ([0xC3, 0x28], 2),  // missing continuation
            ([0x61, 0xE0, 0x80, 0x80], 3),  // overlong three-byte form
            ([0xED, 0xA0, 0x80], 2),  // a UTF-16 surrogate encoded as UTF-8
            ([0xF4, 0x90, 0x80, 0x80], 2),  // past U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], 2),
            ([0xF0, 0x9F, 0x98], 2),  // cut short before the closing quote
        ]
        for (bad, offset) in cases {
            // {"<bad>":1} and {"k":"<bad>"} (key and value positions)
            let inKey: [UInt8] = [0x7B, 0x22] + bad + [0x22, 0x3A, 0x31, 0x7D]
            #expect(fault(inKey) == .invalidUTF8(offset: offset), "\(bad)")
            let inValue: [UInt8] = Array(#"{"k":""#.utf8) + bad + [0x22, 0x7D]
            #expect(fault(inValue) == .invalidUTF8(offset: offset + 4), "\(bad)")
        }
        let inBody: [UInt8] = Array(#"{"body":{"x":["ok","#.utf8) + [0x22, 0xFE, 0x22, 0x5D, 0x7D, 0x7D]
        #expect(fault(inBody) == .invalidUTF8(offset: 20))
        #expect(TraceFault.invalidUTF8(offset: 0).className == "invalid-utf8")
    }

    @Test func nonASCIIOutsideStringsIsMalformed() {
        #expect(fault([0x7B, 0xC3, 0xA9, 0x7D]) == .malformed(offset: 1, expected: "a key"))
    }
}
