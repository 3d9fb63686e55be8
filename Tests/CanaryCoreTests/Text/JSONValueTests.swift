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
}
