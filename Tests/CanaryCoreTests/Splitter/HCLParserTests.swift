import Testing
@testable import CanaryCore

/// The HCL1 grammar: items, commas, blocks, lists, and errors with line:column.
@Suite struct HCLParserTests {
    private func parse(_ text: String) throws(ConfigError) -> ConfigNode {
        try HCLParser.parse(text, label: "t.hcl")
    }

    private func parseError(_ text: String, label: String = "t.hcl") -> ConfigError? {
        do {
            _ = try HCLParser.parse(text, label: label)
            return nil
        } catch {
            return error
        }
    }

    private func keys(_ node: ConfigNode) -> [String] {
        node.members?.map(\.key) ?? []
    }

    private func value(_ node: ConfigNode, _ key: String) -> ConfigNode? {
        node.members?.last { $0.key == key }?.value
    }

    @Test func topLevelIsAnObjectSpanningTheText() throws {
        let text = "a = 1\nb = \"x\"\n"
        let root = try parse(text)
        #expect(keys(root) == ["a", "b"])
        #expect(root.range.offsets == 0..<text.utf8.count)
        #expect(try parse("").members == [])
        #expect(try parse("  # only a comment\n").members == [])
    }

    @Test func optionalCommaAfterAnyItemIncludingTopLevel() throws {
        let root = try parse("kind = \"service-splitter\",\nname = \"payments\",\nx { a = 1, b = 2, }")
        #expect(keys(root) == ["kind", "name", "x"])
        #expect(keys(value(root, "x")!) == ["a", "b"])
        // Items need no separator at all.
        #expect(keys(try parse("a = 1 b = 2")) == ["a", "b"])
    }

    @Test func doubleCommaIsAnError() {
        let error = parseError("a = 1,,\n")
        #expect(error?.description == "t.hcl:1:7: expected a key, found ','")
    }

    @Test func blocksAndAssignedObjects() throws {
        let root = try parse("RequestHeaders { Set { \"x-a\" = \"b\" } }\nMeta = { k = \"v\" }")
        let set = value(value(root, "RequestHeaders")!, "Set")!
        #expect(set.members == [ConfigMember(key: "x-a", keyRange: set.members![0].keyRange,
                                             value: set.members![0].value)])
        #expect(value(set, "x-a")?.value == .string("b"))
        #expect(value(value(root, "Meta")!, "k")?.value == .string("v"))
    }

    @Test func objectRangesRunFromBraceToBrace() throws {
        let text = "x = [\n  { a = 1 },\n]"
        let list = value(try parse(text), "x")!
        guard case .list(let elements) = list.value else { Issue.record("not a list"); return }
        #expect(elements[0].range.offsets == 8..<17)
        #expect(list.range.offsets == 4..<text.utf8.count)
    }

    @Test func blockLabelsNest() throws {
        let root = try parse("service \"web\" \"v2\" { port = 80 }")
        let web = value(value(root, "service")!, "web")!
        #expect(value(value(web, "v2")!, "port")?.value == .number(ConfigNumber(literal: "80", value: 80, integer: 80)))
    }

    @Test func listsWithTrailingCommasObjectsAndNesting() throws {
        let root = try parse("a = [1, \"two\", true, { x = 1 }, [3],]\nb = []\nc = [,]")
        guard case .list(let a) = value(root, "a")!.value else { Issue.record("not a list"); return }
        #expect(a.count == 5)
        #expect(a[1].value == .string("two"))
        #expect(a[2].value == .bool(true))
        #expect(a[3].members?.map(\.key) == ["x"])
        #expect(value(root, "b")?.value == .list([]))
        #expect(value(root, "c")?.value == .list([]))
    }

    @Test func repeatedKeysAreKeptInOrder() throws {
        let root = try parse("a = 1\nb { }\na = 2\nb { }")
        #expect(keys(root) == ["a", "b", "a", "b"])
    }

    @Test func quotedKeysAndHeredocValues() throws {
        let root = try parse("\"x-key\" = <<EOF\nhello\nEOF\n")
        #expect(value(root, "x-key")?.value == .string("hello\n"))
        #expect(root.members?[0].keyRange.offsets == 0..<7)
    }

    @Test func colonIsNotHCL1() {
        let text = "splits = [\n  {\n    weight = 50,\n    \"X-Key\" : \"v\"\n  }\n]\n"
        let error = parseError(text, label: "payments_splitter.hcl")
        #expect(error?.description == "payments_splitter.hcl:4:13: expected '=' or '{' after key \"X-Key\", found ':'")
        #expect(error?.line == 4 && error?.column == 13)
        #expect(error?.stage == .syntax)
        #expect(parseError("  weight : 50")?.description
                == "t.hcl:1:10: expected '=' or '{' after key \"weight\", found ':'")
    }

    @Test func errorMessagesNameWhatWasExpectedAndFound() {
        #expect(parseError("a = ")?.description == "t.hcl:1:5: expected a value after '=' for key \"a\", found end of file")
        #expect(parseError("a = }")?.description == "t.hcl:1:5: expected a value after '=' for key \"a\", found '}'")
        #expect(parseError("a = b")?.description == "t.hcl:1:5: expected a value after '=' for key \"a\", found identifier \"b\"")
        #expect(parseError("a 50")?.description == "t.hcl:1:3: expected '=' or '{' after key \"a\", found number 50")
        #expect(parseError("a \"b\" = 1")?.description == "t.hcl:1:7: expected '{' after block labels \"a\" \"b\", found '='")
        #expect(parseError("}")?.description == "t.hcl:1:1: expected a key, found '}'")
        #expect(parseError("= 1")?.description == "t.hcl:1:1: expected a key, found '='")
        #expect(parseError("true = 1")?.description == "t.hcl:1:1: expected a key, found true")
        #expect(parseError("x {\n  a = 1\n")?.description
                == "t.hcl:3:1: expected '}' to close the block opened at 1:3, found end of file")
        #expect(parseError("x = [1 2]")?.description == "t.hcl:1:8: expected ',' or ']' after a list element, found number 2")
        #expect(parseError("x = [1,\n")?.description == "t.hcl:2:1: expected ']' to close the list opened at 1:5, found end of file")
        #expect(parseError("x = [=]")?.description == "t.hcl:1:6: expected a value or ']' in list, found '='")
        #expect(parseError("x = -y")?.description == "t.hcl:1:5: expected a value after '=' for key \"x\", found '-'")
    }

    @Test func crlfPositions() {
        let error = parseError("a = 1\r\nb : 2\r\n")
        #expect(error?.line == 2 && error?.column == 3)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = "a = " + String(repeating: "[", count: 5000)
        #expect(parseError(deep)?.message.contains("nested too deeply") == true)
        let blocks = String(repeating: "a {", count: 5000)
        #expect(parseError(blocks)?.message.contains("nested too deeply") == true)
    }
}
