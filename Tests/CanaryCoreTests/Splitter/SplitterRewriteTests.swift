import Testing
@testable import CanaryCore

/// Only weight literals change; everything else survives byte for byte.
@Suite struct SplitterRewriteTests {
    /// `text` with each weight literal replaced, built independently of the writer.
    private func spliced(_ document: SplitterDocument, _ weights: [Weight]) -> String {
        var bytes = Array(document.text.utf8)
        let replacements = document.entry.splits.indices.compactMap { index -> (Range<Int>, String)? in
            guard weights[index] != document.entry.splits[index].weight,
                  let range = document.weightRange(ofSplit: index) else { return nil }
            let quoted = bytes[range.start.offset] == UInt8(ascii: "\"")
            return (range.offsets, quoted ? "\"\(weights[index])\"" : weights[index].description)
        }
        for (range, text) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            bytes.replaceSubrange(range, with: Array(text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: SplitterFixtures.splitterNames)
    func everyFixtureKeepsEveryOtherByte(name: String) throws {
        let document = try SplitterFixtures.document(name)
        #expect(try document.rewritten(to: document.entry.weights) == document.text)
        for index in document.entry.splits.indices where document.weightRange(ofSplit: index) != nil {
            let change = try WeightEdit.promote("#\(index + 1)").apply(to: document.entry)
            let rewritten = try document.rewritten(applying: change)
            #expect(rewritten == spliced(document, change.after), "\(name) promote #\(index + 1)")
            let reread = try SplitterDocument(text: rewritten, label: name, origin: document.origin)
            #expect(reread.entry == document.entry.withWeights(change.after))
            #expect(reread.format == document.format)
        }
    }

    @Test func crlfStaysCRLF() throws {
        let document = try SplitterFixtures.document("crlf.hcl")
        let rewritten = try document.rewritten(to: [w(12.5), w(87.5)])
        #expect(rewritten == document.text.replacingOccurrences(of: "Weight = 50\r\n    ServiceSubset = \"blue\"",
                                                                  with: "Weight = 12.5\r\n    ServiceSubset = \"blue\"")
            .replacingOccurrences(of: "Weight = 50\r\n    ServiceSubset = \"green\"", with: "Weight = 87.5\r\n    ServiceSubset = \"green\""))
        #expect(!Array(rewritten.utf8).enumerated().contains { $1 == 10 && ($0 == 0 || Array(rewritten.utf8)[$0 - 1] != 13) })
    }

    @Test func jsonStaysJSON() throws {
        let document = try SplitterFixtures.document("json_file.json")
        let rewritten = try document.rewritten(to: [w(66.67), w(33.33)])
        #expect(rewritten.contains("\"Weight\": 66.67,") && rewritten.contains("\"Weight\": 33.33,"))
        #expect(ConfigFormat.detect(rewritten) == .json)
        let apiReply = try SplitterFixtures.document("api_reply.json")
        #expect(try apiReply.rewritten(to: [w(100), w(0)])
                == apiReply.text.replacingOccurrences(of: "97.1", with: "100").replacingOccurrences(of: "2.9", with: "0"))
    }

    @Test func threeWayToThirds() throws {
        let document = try SplitterFixtures.document("three_way.hcl")
        let change = try WeightEdit.set("canary", to: w(50)).apply(to: document.entry)
        #expect(try document.rewritten(applying: change) == """
            Kind = "service-splitter"
            Name = "payments"
            Splits = [
              { Weight = 25, ServiceSubset = "blue" },
              { Weight = 25, ServiceSubset = "green" },
              { Weight = 50, ServiceSubset = "canary" },
            ]

            """)
    }

    @Test func missingWeightIsInsertedInTheSplitsOwnStyle() throws {
        let document = try SplitterFixtures.document("missing_weight.hcl")
        let rewritten = try document.rewritten(to: [w(70), w(30)])
        #expect(rewritten == """
            kind = "service-splitter"
            name = "payments"

            splits = [
              {
                weight         = 70
                service_subset = "blue"
              },
              {
                weight = 30
                service_subset = "green"
              },
            ]

            """)
        // A weight of 0 needs no key: absent means 0.
        let promoted = try document.rewritten(to: [w(100), w(0)])
        #expect(promoted == document.text)
    }

    @Test func insertionCasingFollowsTheNeighbours() throws {
        func insert(_ text: String, _ weights: [Weight]) throws -> String {
            try SplitterDocument(text: text, label: "t").rewritten(to: weights)
        }
        // CamelCase split, no other weight key anywhere: Weight.
        #expect(try insert("Kind = \"service-splitter\"\nName = \"p\"\nSplits = [\n  {\n    ServiceSubset = \"a\"\n  }\n]\n", [w(100)])
                == "Kind = \"service-splitter\"\nName = \"p\"\nSplits = [\n  {\n    Weight = 100\n    ServiceSubset = \"a\"\n  }\n]\n")
        // lowercase split: weight; comma style of the first item is kept.
        #expect(try insert("kind = \"service-splitter\"\nname = \"p\"\nsplits = [\n  {\n    service_subset = \"a\",\n  }\n]\n", [w(100)])
                == "kind = \"service-splitter\"\nname = \"p\"\nsplits = [\n  {\n    weight = 100,\n    service_subset = \"a\",\n  }\n]\n")
        // Another split's spelling wins.
        #expect(try insert("Kind = \"service-splitter\"\nName = \"p\"\nSplits = [{ WEIGHT = 50, ServiceSubset = \"a\" }, { ServiceSubset = \"b\" }]",
                           [w(50), w(50)])
                == "Kind = \"service-splitter\"\nName = \"p\"\nSplits = [{ WEIGHT = 50, ServiceSubset = \"a\" }, { WEIGHT = 50, ServiceSubset = \"b\" }]")
        // Inline and empty objects.
        #expect(try insert("Kind = \"service-splitter\"\nName = \"p\"\nSplits = [{ ServiceSubset=\"a\" }, {}]", [w(40), w(60)])
                == "Kind = \"service-splitter\"\nName = \"p\"\nSplits = [{ Weight=40, ServiceSubset=\"a\" }, { Weight = 60 }]")
        // CRLF and tabs.
        #expect(try insert("Kind = \"service-splitter\"\r\nName = \"p\"\r\nSplits {\r\n\tServiceSubset = \"a\"\r\n}\r\n", [w(100)])
                == "Kind = \"service-splitter\"\r\nName = \"p\"\r\nSplits {\r\n\tWeight = 100\r\n\tServiceSubset = \"a\"\r\n}\r\n")
    }

    @Test func jsonInsertion() throws {
        let compact = #"{"Kind":"service-splitter","Name":"p","Splits":[{"Weight":100,"ServiceSubset":"a"},{"ServiceSubset":"b"}]}"#
        #expect(try SplitterDocument(text: compact, label: "t").rewritten(to: [w(70), w(30)])
                == #"{"Kind":"service-splitter","Name":"p","Splits":[{"Weight":70,"ServiceSubset":"a"},{"Weight":30, "ServiceSubset":"b"}]}"#)
        let pretty = "{\n  \"Kind\": \"service-splitter\",\n  \"Name\": \"p\",\n  \"Splits\": [\n    {\n      \"ServiceSubset\": \"a\"\n    },\n    {}\n  ]\n}\n"
        #expect(try SplitterDocument(text: pretty, label: "t").rewritten(to: [w(70), w(30)])
                == "{\n  \"Kind\": \"service-splitter\",\n  \"Name\": \"p\",\n  \"Splits\": [\n    {\n      \"Weight\": 70,\n      \"ServiceSubset\": \"a\"\n    },\n    { \"Weight\": 30 }\n  ]\n}\n")
    }

    @Test func oddLiteralsAreReplacedWholeAndQuotesKept() throws {
        let text = "Kind = \"service-splitter\"\nName = \"p\"\nSplits = [{ Weight = 0x32, ServiceSubset = \"a\" },"
            + " { Weight = \"5e1\", ServiceSubset = \"b\" }, { Weight = 0, ServiceSubset = \"c\" }]"
        let document = try SplitterDocument(text: text, label: "t")
        #expect(try document.rewritten(to: [w(40), w(60), w(0)])
                == text.replacingOccurrences(of: "0x32", with: "40").replacingOccurrences(of: "\"5e1\"", with: "\"60\""))
        // Unchanged weights keep their spelling even if unusual.
        #expect(try document.rewritten(to: [w(50), w(50), w(0)]) == text)
    }

    @Test func heredocWeightKeepsItsLineBreak() throws {
        // Consul reads an empty string weight as 0; the heredoc's closing line break must survive.
        let text = "Kind = \"service-splitter\"\nName = \"p\"\nSplits = [{ ServiceSubset = \"a\", Weight = 100 },"
            + " { Weight = <<EOF\r\nEOF\r\n ServiceSubset = \"b\" }]\r\n"
        let document = try SplitterDocument(text: text, label: "t")
        #expect(document.entry.weights == [w(100), w(0)])
        #expect(try document.rewritten(to: [w(60), w(40)])
                == text.replacingOccurrences(of: "100", with: "60").replacingOccurrences(of: "<<EOF\r\nEOF\r\n", with: "\"40\"\r\n"))
    }

    @Test func refusals() throws {
        let document = try SplitterFixtures.document("payments_splitter.hcl")
        #expect(throws: SplitterRewriteError.wrongCount(expected: 2, got: 1)) { try document.rewritten(to: [w(100)]) }
        #expect(throws: SplitterRewriteError.outOfRange(split: 0, w(150))) { try document.rewritten(to: [w(150), w(-50)]) }
        let stale = WeightChange(names: ["blue", "green"], before: [w(60), w(40)], after: [w(100), w(0)])
        #expect(throws: SplitterRewriteError.staleChange) { try document.rewritten(applying: stale) }
        #expect(SplitterRewriteError.staleChange.description == "the file's weights changed since the edit was computed; read it again")
    }

    @Test func labelledBlockSplitCannotTakeAWeight() throws {
        let text = "Kind = \"service-splitter\"\nName = \"p\"\nSplits \"x\" { ServiceSubset = \"a\" }\n"
        let document = try SplitterDocument(text: text, label: "t")
        #expect(throws: SplitterRewriteError.cannotPlaceWeight(split: 0)) { try document.rewritten(to: [w(100)]) }
    }

    @Test func selfCheckCatchesAnyOtherDifference() throws {
        let document = try SplitterFixtures.document("heredoc_meta.hcl")
        let tampered = document.text.replacingOccurrences(of: "PAY-1234", with: "PAY-9999")
        #expect(throws: SplitterRewriteError.selfCheckFailed("something other than the weights changed")) {
            try SplitterRewrite.verify(tampered, of: document, weights: document.entry.weights)
        }
        #expect(throws: SplitterRewriteError.selfCheckFailed("the rewritten weights read back as 95/5 instead of 90/10")) {
            try SplitterRewrite.verify(document.text, of: document, weights: [w(90), w(10)])
        }
        do {
            try SplitterRewrite.verify("Kind = ", of: document, weights: document.entry.weights)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.hasPrefix("refusing to write: the rewritten text does not read back:"))
        }
    }
}
