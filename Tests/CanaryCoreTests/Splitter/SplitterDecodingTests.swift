import Testing
@testable import CanaryCore

/// Reading splitter entries: aliases, casing, kinds, weak typing, unknown keys.
@Suite struct SplitterDecodingTests {
    private func entry(_ text: String, origin: EntryOrigin = .file) throws(ConfigError) -> SplitterEntry {
        try SplitterDocument(text: text, label: "t.hcl", origin: origin).entry
    }

    private func readError(_ text: String) -> ConfigError? {
        do {
            _ = try SplitterDocument(text: text, label: "t.hcl")
            return nil
        } catch {
            return error
        }
    }

    private let head = "Kind = \"service-splitter\"\nName = \"payments\"\n"

    @Test func mixedCasingAndAliasesInOneFile() throws {
        let document = try SplitterFixtures.document("mixed_casing.hcl")
        #expect(document.entry == SplitterEntry(
            name: "payments",
            splits: [ServiceSplit(weight: w(75), serviceSubset: "blue"), ServiceSplit(weight: w(25), serviceSubset: "green")],
            meta: [KeyValue("team", "payments")]))
    }

    @Test func jsonFileAndFourWayJSON() throws {
        let json = try SplitterFixtures.document("json_file.json")
        #expect(json.format == .json)
        #expect(json.entry.weights == [w(90), w(10)])
        #expect(json.entry.meta == [KeyValue("owner", "team-payments")])
        let four = try SplitterFixtures.document("four_way.json")
        #expect(four.entry.weights == [w(40), w(30), w(20), w(10)])
        #expect(four.entry.splits[3].service == "payments-v2")
    }

    @Test func apiReplyKeepsIndexesAndIgnoresNewFields() throws {
        let reply = try SplitterFixtures.document("api_reply.json")
        #expect(reply.entry.createIndex == 12)
        #expect(reply.entry.modifyIndex == 34)
        #expect(reply.entry.weights == [w(97.1), w(2.9)])
        #expect(reply.entry.unknownKeys.isEmpty)
        #expect(reply.entry.splits[1].requestHeaders == HeaderModifiers(set: [KeyValue("x-canary", "true")]))
        // The same text treated as a file: Consul would reject "Hash".
        let asFile = try SplitterDocument(text: SplitterFixtures.text("api_reply.json"), label: "x", origin: .file)
        #expect(asFile.entry.unknownKeys == ["Hash"])
    }

    @Test func repeatedBlocksAccumulateIntoSplits() throws {
        let blocks = try SplitterFixtures.document("blocks.hcl")
        #expect(blocks.entry.splits.map(\.serviceSubset) == ["blue", "green", "canary"])
        #expect(blocks.entry.weights == [w(70), w(20), w(10)])
    }

    @Test func headersHeredocsAndComments() throws {
        let headers = try SplitterFixtures.document("headers.hcl").entry
        #expect(headers.splits[0].requestHeaders == HeaderModifiers(set: [KeyValue("x-canary", "false")]))
        #expect(headers.splits[1].requestHeaders == HeaderModifiers(
            add: [KeyValue("x-canary", "true"), KeyValue("x-web-server", "envoy")], remove: ["x-debug", "x-trace"]))
        #expect(headers.splits[1].responseHeaders == HeaderModifiers(set: [KeyValue("x-served-by", "green")]))
        #expect(headers.splits[0].responseHeaders == nil)
        let heredoc = try SplitterFixtures.document("heredoc_meta.hcl").entry
        #expect(heredoc.meta == [
            KeyValue("notes", "Canary for the new card processor.\nRoll back if p99 > 300ms.\n"),
            KeyValue("runbook", "1. watch canarytop\n2. promote or roll back\n"),
            KeyValue("ticket", "PAY-1234"),
        ])
        let comments = try SplitterFixtures.document("comments.hcl").entry
        #expect(comments.weights == [w(80), w(20)])
        let crlf = try SplitterFixtures.document("crlf.hcl").entry
        #expect(crlf.weights == [w(50), w(50)])
    }

    @Test func missingWeightIsZeroWithNoLiteral() throws {
        let document = try SplitterFixtures.document("missing_weight.hcl")
        #expect(document.entry.weights == [w(100), w(0)])
        #expect(document.weightRange(ofSplit: 0) != nil)
        #expect(document.weightRange(ofSplit: 1) == nil)
        #expect(document.weightSite(ofSplit: 1) == .insertion(SourcePosition(offset: 126, line: 10, column: 5)))
        #expect(document.weightSite(ofSplit: 0) == document.weightRange(ofSplit: 0).map(WeightSite.literal))
        #expect(document.weightSite(ofSplit: 2) == nil)
        let empty = try SplitterDocument(text: "Kind = \"service-splitter\"\nSplits = [{}]", label: "t")
        #expect(empty.weightSite(ofSplit: 0) == .insertion(SourcePosition(offset: 37, line: 2, column: 12)))
    }

    @Test func weightLiteralRangeIsTheNumberItself() throws {
        let text = try SplitterFixtures.text("payments_splitter.hcl")
        let document = try SplitterFixtures.document("payments_splitter.hcl")
        let range = try #require(document.weightRange(ofSplit: 1))
        #expect(String(decoding: Array(text.utf8)[range.offsets], as: UTF8.self) == "50")
        #expect(range.start.line == 10 && range.start.column == 14)
    }

    @Test func weightsRoundLikeConsul() throws {
        func weights(_ literals: [String]) throws -> [Weight] {
            let splits = literals.enumerated().map { "{ Weight = \($1), ServiceSubset = \"s\($0)\" }" }
            return try entry(head + "Splits = [\(splits.joined(separator: ", "))]").weights
        }
        #expect(try weights(["99.999", "0.001"]) == [Weight(hundredths: 10_000), Weight(hundredths: 0)])
        #expect(try weights(["33.33", "33.33", "33.34"]) == [w(33.33), w(33.33), w(33.34)])
        #expect(try weights(["33.333"]) == [Weight(hundredths: 3333)])
        // float32 arithmetic: 33.335 becomes 3333.5 before rounding, so 33.34.
        #expect(try weights(["33.335"]) == [Weight(hundredths: 3334)])
        #expect(try weights(["0x32", "062", "5e1", "-5", "\"12.5\"", "\"\""]) == [w(50), w(50), w(50), w(-5), w(12.5), w(0)])
        // Consul's weak decoding: a boolean is 1 or 0, a list of one is its element, and a
        // quoted weight is read with Go's ParseFloat (underscores, hexadecimal floats).
        #expect(try weights(["true", "false", "[50]", "[\"7\"]", "\"5_0\"", "\"0x1.9p5\""]) == [w(1), w(0), w(50), w(7), w(50), w(50)])
    }

    @Test func badWeightsAreReportedWithPositions() {
        let split = { (value: String) in self.head + "Splits = [\n  { Weight = \(value) }\n]\n" }
        #expect(readError(split("[1, 2]"))?.description == "t.hcl:4:14: expected a number for \"Splits[0].Weight\", found a list")
        #expect(readError(split("\"5__0\""))?.message == "expected a number for \"Splits[0].Weight\", found \"5__0\"")
        #expect(readError(split("\"abc\""))?.description == "t.hcl:4:14: expected a number for \"Splits[0].Weight\", found \"abc\"")
        #expect(readError(split("{}"))?.message == "expected a number for \"Splits[0].Weight\", found an object")
        #expect(readError(split("1e300"))?.message == "\"Splits[0].Weight\" is out of range: 1e300 (weights are percentages)")
        #expect(readError(split("\"2e6\""))?.message == "\"Splits[0].Weight\" is out of range: 2e6 (weights are percentages)")
        #expect(readError(split("1e300"))?.stage == .decode)
    }

    @Test func kindIsRequiredAndChecked() {
        #expect(readError("Name = \"payments\"")?.description == "t.hcl: Payload does not contain a kind/Kind key at the top level")
        #expect(readError("KIND = \"service-splitter\"")?.message == "Payload does not contain a kind/Kind key at the top level")
        #expect(readError("Kind = \"service-resolver\"\nName = \"payments\"")?.description
                == "t.hcl:1:8: expected kind \"service-splitter\", found \"service-resolver\"")
        #expect(readError("Kind = 5")?.message == "Kind value in payload is not a string")
        #expect(readError("{\"a\": [1, 2]}")?.stage == .kind)
        #expect(readError("{}")?.stage == .kind)
        #expect(readError("Kind = \"service-splitter\"")?.stage == nil)
    }

    @Test func jsonTopLevelMustBeAnObject() throws {
        do {
            _ = try SplitterDocument(text: "  [1]", label: "x")
            Issue.record("expected an error")
        } catch {
            #expect(error.stage == .syntax || error.stage == .kind)
        }
    }

    @Test func unknownKeysAreNamedTheWayConsulNamesThem() throws {
        let text = head + """
        cornfig = 1
        Splits = [
          { Weight = 100, ServiceSubset = "blue", wieght = 3, RequestHeaders { Sett { a = "b" } } },
        ]
        """
        #expect(try entry(text).unknownKeys == ["cornfig", "Splits[0].wieght", "Splits[0].RequestHeaders.Sett"])
        #expect(try entry(text, origin: .apiReply).unknownKeys == [])
    }

    @Test func oneFieldSpelledTwoWaysIsRefused() {
        let text = head + "Splits = [\n  { weight = 50, Weight = 60 },\n]\n"
        #expect(readError(text)?.description == "t.hcl:4:18: \"Splits[0].Weight\" is given twice, as \"weight\" and \"Weight\";"
                + " Consul would pick either one, so write it once")
    }

    @Test func repeatedScalarKeepsTheLastValueAndItsLiteral() throws {
        let text = head + "Splits = [\n  { Weight = 10\n    Weight = 100 },\n]\n"
        let document = try SplitterDocument(text: text, label: "t")
        #expect(document.entry.weights == [w(100)])
        #expect(document.weightRange(ofSplit: 0)?.start.line == 5)
    }

    @Test func weaklyTypedStringsAndNulls() throws {
        let json = #"{"Kind": "service-splitter", "Name": 5, "Meta": {"a": true, "b": 1.5, "c": null},"#
            + #" "Splits": [{"Weight": 100, "Service": null}], "Namespace": null}"#
        let decoded = try entry(json)
        #expect(decoded.name == "5")
        #expect(decoded.meta == [KeyValue("a", "1"), KeyValue("b", "1.5"), KeyValue("c", "")])
        #expect(decoded.splits == [ServiceSplit(weight: w(100))])
        #expect(try entry(#"{"Kind": "service-splitter", "Name": "x", "Splits": null}"#).splits.isEmpty)
    }

    @Test func structuralTypeErrors() {
        #expect(readError(head + "Splits = 5")?.message == "expected an object or a list for \"Splits\", found a number")
        #expect(readError(head + "Splits = [5]")?.message == "expected an object in \"Splits\", found a number")
        #expect(readError(head + "Name { }")?.message == "expected a string for \"Name\", found an object")
        #expect(readError(head + "ModifyIndex = -1")?.message == "expected a non-negative integer for \"ModifyIndex\", found a number")
    }

    @Test func plainDecimalMatchesGo() {
        #expect(plainDecimal(1.5) == "1.5")
        #expect(plainDecimal(100) == "100")
        #expect(plainDecimal(1e-5) == "0.00001")
        #expect(plainDecimal(1e20) == "100000000000000000000")
        #expect(plainDecimal(-2.5e-3) == "-0.0025")
        #expect(plainDecimal(1.25e21) == "1250000000000000000000")
    }
}
