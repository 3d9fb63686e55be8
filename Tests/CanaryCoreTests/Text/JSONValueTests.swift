import Testing
@testable import CanaryCore

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndWritesNull() {
        let v = JSONValue.object([("subset", .string(nil)), ("code", .int(500)), ("a", .array([.bool(true), .null]))])
        #expect(v.compact == #"{"subset":null,"code":500,"a":[true,null]}"#)
    }

    @Test func numbers() {
        #expect(JSONValue.number(5.0).compact == "5")
        #expect(JSONValue.number(15.337719).compact == "15.337719")
        #expect(JSONValue.number(.nan).compact == "null")
        #expect(JSONValue.number(-0.5).compact == "-0.5")
    }

    @Test func stringsAreEscapedOntoOneLine() {
        let v = JSONValue.string("a\"b\\c\nd\u{1B}[2J\u{2028}µ")
        #expect(v.compact == #""a\"b\\c\nd\u001b[2J\u2028µ""#)
    }

    @Test func prettyIndentsTwoSpaces() {
        let v = JSONValue.object([("a", .int(1)), ("b", .object([("c", .array([]))]))])
        #expect(v.pretty == "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": []\n  }\n}")
    }

    /// One rule for every JSON string canarytop writes: C0, DEL and C1 controls and U+2028/9
    /// escaped; U+00A0 and above (but those two) raw.
    @Test func controlCharactersOfEveryRangeAreEscaped() {
        let text = "\u{0}\u{1F} \u{7E}\u{7F}\u{80}\u{9B}\u{9F}\u{A0}é\u{2028}\u{2029}\u{2030}"
        #expect(JSONValue.string(text).compact
            == "\"\\u0000\\u001f ~\\u007f\\u0080\\u009b\\u009f\u{A0}é\\u2028\\u2029\u{2030}\"")
        // Keys are escaped by the same rule, and the splitter's JSON for Consul too.
        #expect(JSONValue.object([("k\u{85}", .null)]).compact == #"{"k\u0085":null}"#)
        let entry = SplitterEntry(name: "pay\u{9B}ments", splits: [ServiceSplit(weight: Weight(percent: 100))])
        #expect(SplitterRewrite.renderJSON(entry).contains(#""Name": "pay\u009bments""#))
    }

    /// A weight in hundredths prints as exactly its decimal text (`33.34`, never `33.339999`).
    @Test func everyWeightPrintsAsItsDecimal() {
        for hundredths in -100...10_000 {
            #expect(JSONValue.number(Double(hundredths) / 100).compact == Weight(hundredths: hundredths).description)
        }
    }
}
