import CanaryCore
import CanaryTesting
import Testing
@testable import CanaryDemo

/// The working copies: the workshop's bytes, reuse without overwriting, refusal, reset.
@Suite(.sharedMachine) struct WorkingCopiesTests {
    @Test func writesTheWorkshopFilesByteForByte() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let copies = try WorkingCopies.prepare(in: dir.file("demo"), greenWeight: nil, reset: false)
        #expect(copies.splitterPath == dir.file("demo/payments_splitter.hcl"))
        #expect(try dir.read("demo/payments_splitter.hcl") == (try FakeTraceEncoderTests.fixture("payments_splitter.hcl")))
        #expect(try dir.read("demo/payments_resolver.hcl") == (try FakeTraceEncoderTests.fixture("payments_resolver.hcl")))
        #expect(copies.notes == ["wrote \(copies.resolverPath)", "wrote \(copies.splitterPath)"])
    }

    @Test func reusesAnEditedFileThatStillParses() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let edited = WorkingCopies.workshopSplitter.replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = 80,\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 20,\n    service_subset = \"green\"")
        _ = try dir.write("payments_splitter.hcl", edited)
        let copies = try WorkingCopies.prepare(in: dir.path, greenWeight: nil, reset: false)
        #expect(try dir.read("payments_splitter.hcl") == edited)
        #expect(copies.notes.contains("reusing \(copies.splitterPath) (start over with --reset)"))
    }

    @Test func refusesABrokenFileInOneLineUnlessReset() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("payments_splitter.hcl", "kind = \"service-splitter\"\nname = \"payments\"\nsplits = [ { weight = 80 } ]\n")
        #expect {
            try WorkingCopies.prepare(in: dir.path, greenWeight: nil, reset: false)
        } throws: { error in
            let text = (error as? DemoError)?.description ?? ""
            return text.contains("the sum of all split weights must be 100, not 80.000000") && text.contains("--reset") && !text.contains("\n")
        }
        #expect(try dir.read("payments_splitter.hcl").contains("weight = 80"))
        _ = try WorkingCopies.prepare(in: dir.path, greenWeight: nil, reset: true)
        #expect(try dir.read("payments_splitter.hcl") == WorkingCopies.workshopSplitter)
    }

    @Test func greenWeightRewritesOnlyTheWeights() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let copies = try WorkingCopies.prepare(in: dir.path, greenWeight: Weight(percent: 10), reset: false)
        let expected = WorkingCopies.workshopSplitter
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = 90,\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 10,\n    service_subset = \"green\"")
        #expect(try dir.read("payments_splitter.hcl") == expected)
        #expect(copies.notes.last?.hasPrefix("set blue 50→90, green 50→10") == true)
    }
}
