import Testing

@testable import CanaryCore

/// JSON string content: escapes, surrogates, raw UTF-8, and the word-at-a-time scanning paths.
@Suite struct TraceDecoderStringTests {
    /// The `error` field of `{"error":"<content>"}`, where `content` is raw JSON string text.
    private func decoded(_ content: String) -> String? {
        TraceDecoder.decode(#"{"error":"\#(content)"}"#).trace?.root.error
    }

    @Test func simpleEscapes() {
        #expect(decoded(#"\"\\\/\b\f\n\r\t"#) == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(decoded(#"a\u0041\u00e9\u00E9\u20ac"#) == "aAéé€")
        #expect(decoded(#"\u003chtml\u003e \u0026"#) == "<html> &")
        #expect(decoded(#"nul\u0000byte"#) == "nul\u{0}byte")
    }

    @Test func surrogatePairsCombine() {
        #expect(decoded(#"\ud83d\ude00"#) == "😀")
        #expect(decoded(#"\uD834\uDD1E clef"#) == "𝄞 clef")
        #expect(decoded(#"x\ud83d\ude00\ud83d\ude00y"#) == "x😀😀y")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() {
        #expect(decoded(#"\ud83d"#) == "\u{FFFD}")
        #expect(decoded(#"\ude00"#) == "\u{FFFD}")
        #expect(decoded(#"\ud83dx"#) == "\u{FFFD}x")
        #expect(decoded(#"\ud83d\u0041"#) == "\u{FFFD}A")
        #expect(decoded(#"\ud83d\ud83d\ude00"#) == "\u{FFFD}😀")
        #expect(decoded(#"\ude00\ud83d"#) == "\u{FFFD}\u{FFFD}")
        #expect(decoded(#"\ud83d\n"#) == "\u{FFFD}\n")
    }

    @Test func rawUTF8IsKept() {
        #expect(decoded("75.1µs 日本 😀 μ") == "75.1µs 日本 😀 μ")
        #expect(decoded("\u{7F}") == "\u{7F}")  // DEL is allowed raw in JSON
    }

    /// The scanner reads eight bytes at a time; put each kind of special byte at every
    /// position of a word, and past the last full word, so every path is taken.
    @Test func specialBytesAtEveryOffset() {
        let specials: [(raw: String, value: String)] = [
            (#"\""#, "\""), (#"\n"#, "\n"), ("é", "é"), ("😀", "😀"), (#"\u00e9"#, "é"), ("", ""),
        ]
        for lead in 0..<20 {
            for trail in 0..<10 {
                for special in specials {
                    let a = String(repeating: "a", count: lead), b = String(repeating: "b", count: trail)
                    #expect(decoded(a + special.raw + b) == a + special.value + b, "\(lead) \(special.raw) \(trail)")
                }
            }
        }
    }

    @Test func controlBytesAtEveryOffsetAreMalformed() {
        for lead in 0..<20 {
            let text = #"{"error":""# + String(repeating: "a", count: lead) + "\u{01}\"}"
            #expect(TraceDecoder.decode(text) == .fault(.malformed(offset: 10 + lead, expected: "an escape sequence instead of a control character")))
        }
    }

    @Test func whitespaceRunsOfEveryLength() {
        for length in 0..<40 {
            for unit in [" ", "\n", "\t", "\r\n", " \n  "] {
                let gap = String(repeating: unit, count: length)
                let text = "\(gap){\(gap)\"code\"\(gap):\(gap)200\(gap),\(gap)\"name\"\(gap):\(gap)\"w\"\(gap)}\(gap)"
                #expect(TraceDecoder.decode(text).trace?.root == Hop(name: "w", code: 200), "\(length) \(unit.debugDescription)")
            }
        }
    }

    @Test func longStringsSpanManyWords() {
        let long = String(repeating: "0123456789abcdef", count: 1000)
        #expect(decoded(long) == long)
        #expect(decoded(long + #"\""# + long) == long + "\"" + long)
    }
}
