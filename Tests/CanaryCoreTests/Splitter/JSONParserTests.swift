import Testing
@testable import CanaryCore

/// Strict JSON with positions, and format detection.
@Suite struct JSONParserTests {
    private func parseError(_ text: String) -> ConfigError? {
        do {
            _ = try JSONParser.parse(text, label: "t.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesAndRanges() throws {
        let text = #"{"Weight": 33.34, "S": "a\"b\u00e9", "T": true, "N": null, "L": [1, -2e3], "O": {}}"#
        let root = try JSONParser.parse(text, label: "t.json")
        let members = try #require(root.members)
        #expect(members.map(\.key) == ["Weight", "S", "T", "N", "L", "O"])
        #expect(members[0].value.value == .number(ConfigNumber(literal: "33.34", value: 33.34, integer: nil)))
        #expect(members[0].value.range.offsets == 11..<16)
        #expect(members[0].keyRange.offsets == 1..<9)
        #expect(members[1].value.value == .string("a\"bé"))
        #expect(members[2].value.value == .bool(true))
        #expect(members[3].value.value == .null)
        #expect(members[4].value.value == .list([
            ConfigNode(.number(ConfigNumber(literal: "1", value: 1, integer: 1)), range: members[4].value.list(0)),
            ConfigNode(.number(ConfigNumber(literal: "-2e3", value: -2000, integer: nil)), range: members[4].value.list(1)),
        ]))
        #expect(members[5].value.value == .object([]))
        #expect(root.range.offsets == 0..<text.utf8.count)
    }

    @Test func surrogatePairsAndLoneSurrogates() throws {
        let root = try JSONParser.parse(#"{"a": "\ud83d\ude00", "b": "\ud800x", "c": "\udc00"}"#, label: "t")
        #expect(root.members?.map(\.value.value) == [.string("😀"), .string("\u{FFFD}x"), .string("\u{FFFD}")])
    }

    @Test func strictnessErrors() {
        #expect(parseError("{\"a\": 1,}")?.description == "t.json:1:9: trailing comma before '}' is not allowed in JSON")
        #expect(parseError("[1,]")?.description == "t.json:1:4: trailing comma before ']' is not allowed in JSON")
        #expect(parseError("{\"a\": 1 // c\n}")?.description == "t.json:1:9: comments are not allowed in JSON")
        #expect(parseError("{a: 1}")?.description == "t.json:1:2: expected a string key in object, found 'a'")
        #expect(parseError("{\"a\" 1}")?.description == "t.json:1:6: expected ':' after object key \"a\", found '1'")
        #expect(parseError("{\"a\": 01}")?.description == "t.json:1:7: invalid number: leading zeros are not allowed in JSON")
        #expect(parseError("{\"a\": 1.}")?.message == "invalid number: expected a digit after '.'")
        #expect(parseError("{\"a\": \"x\ny\"}")?.message == "control character U+000A in string must be escaped")
        #expect(parseError("{\"a\": \"\\x\"}")?.message == "invalid escape sequence in string")
        #expect(parseError("{\"a\": tru}")?.message == "expected a JSON value, found 't'")
        #expect(parseError("{\"a\": 1} x")?.description == "t.json:1:10: unexpected 'x' after the end of the JSON value")
        #expect(parseError("{\"a\": 1")?.description == "t.json:1:8: expected ',' or '}' after object member, found end of file")
        #expect(parseError("{\"a\": 1e999}")?.message == "number 1e999 is out of range")
        #expect(parseError(String(repeating: "[", count: 1000))?.message.contains("nested too deeply") == true)
    }

    @Test func errorsCarryLineAndColumn() {
        let error = parseError("{\n  \"Kind\": \"service-splitter\",\n  \"Name\": \"payments\",\n}\n")
        #expect(error?.line == 4 && error?.column == 1)
    }

    @Test func formatDetection() {
        #expect(ConfigFormat.detect("{\"Kind\": 1}") == .json)
        #expect(ConfigFormat.detect(" \r\n\t{") == .json)
        #expect(ConfigFormat.detect("Kind = \"x\"") == .hcl)
        #expect(ConfigFormat.detect("# {\n{") == .hcl)
        #expect(ConfigFormat.detect("") == .hcl)
    }

    @Test func readerDispatchesOnTheFirstCharacter() throws {
        let (format, root) = try ConfigReader.parse("\n{\"a\": 1}", label: "x")
        #expect(format == .json)
        #expect(root.members?.map(\.key) == ["a"])
        // HCL1 would accept this, strict JSON does not.
        #expect(throws: ConfigError.self) { try ConfigReader.parse("{\"a\": 1,}", label: "x") }
    }
}

extension ConfigNode {
    /// The range of list element `index` (test helper).
    func list(_ index: Int) -> SourceRange {
        if case .list(let elements) = value { return elements[index].range }
        return range
    }
}
