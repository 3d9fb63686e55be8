import Testing
@testable import CanaryCore

/// `--selector`: PromQL label matchers, read and applied as Prometheus applies them.
@Suite struct PromSelectorTests {
    @Test func readsTheDefaultSelectorAndWritesItBack() throws {
        let matchers = try PromSelector.parse(#"local_cluster="web",consul_destination_service="payments""#)
        #expect(matchers == PromMatcher.defaultSelector(service: "payments"))
        #expect(matchers.map(\.description).joined(separator: ",") == #"local_cluster="web",consul_destination_service="payments""#)
    }

    @Test func readsEveryOperatorQuoteAndBraces() throws {
        let matchers = try PromSelector.parse(#" { a = "1" , b!='2', c=~`gr.*`, d !~ "x\"y\\z" , } "#)
        #expect(matchers.map(\.label) == ["a", "b", "c", "d"])
        #expect(matchers.map(\.op) == [.equal, .notEqual, .matches, .notMatches])
        #expect(matchers.map(\.value) == ["1", "2", "gr.*", #"x"y\z"#])
        // Written back as PromQL, they read back the same.
        #expect(try PromSelector.parse(matchers.map(\.description).joined(separator: ",")) == matchers)
        #expect(matchers[3].description == #"d!~"x\"y\\z""#)
        #expect(try PromSelector.parse("").isEmpty)
        #expect(try PromSelector.parse("{}").isEmpty)
    }

    @Test func appliesPromQLSemantics() throws {
        let m = try PromSelector.parse(#"subset=~"green|blue",zone!="eu",missing="",code!~"5..""#)
        #expect(PromMatcher.all(m, match: ["subset": "green", "zone": "us", "code": "200"]))
        // Regular expressions match the whole value.
        #expect(!PromMatcher.all(m, match: ["subset": "greenish", "code": "200"]))
        #expect(!PromMatcher.all(m, match: ["subset": "blue", "zone": "eu"]))
        #expect(!PromMatcher.all(m, match: ["subset": "blue", "code": "503"]))
        #expect(!PromMatcher.all(m, match: ["subset": "blue", "missing": "set"]))
        #expect(PromMatcher.all([], match: [:]))
    }

    @Test(arguments: [
        ("a", "selector: expected =, !=, =~ or !~ after a at column 2"),
        (#"a="1" b="2""#, "selector: expected ',' at column 7"),
        (#"{a="1""#, "selector: missing '}'"),
        (#"a=1"#, "selector: expected a quoted value after a= at column 3"),
        (#"a="open"#, "selector: the value of a is not closed with \""),
        (#"="x""#, "selector: expected a label name at column 1"),
        (#"a=~"(""#, "selector: a=~: \"(\" is not a regular expression"),
        (#"a="\q""#, "selector: unknown escape \\q in the value of a"),
        (#"{a="1"} extra"#, "selector: unexpected text after the selector at column 9"),
        (#"9a="1""#, "selector: expected a label name at column 1"),
    ])
    func refusesWithAOneLineReason(text: String, message: String) {
        #expect {
            _ = try PromSelector.parse(text)
        } throws: { error in
            String(describing: error) == message
        }
    }
}
