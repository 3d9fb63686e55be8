import CanaryTesting
import Foundation
import Testing

/// `canarytop split` on a splitter Consul would refuse (blue 50, green 30): a relative change is
/// refused in Consul's words with the file left byte for byte; an absolute change that
/// determines every weight, and rollback, write and say what was wrong before.
@Suite(.sharedMachine) struct SplitInvalidTests {
    static let consul80 = "the sum of all split weights must be 100, not 80.000000"

    /// The workshop's splitter with green at 30: the weights add up to 80.
    private func invalidWorkshop() throws -> (TemporaryDirectory, String, String, String) {
        let dir = try TemporaryDirectory()
        let text = try SplitCommandTests.fixture("payments_splitter.hcl")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 30,\n    service_subset = \"green\"")
        let splitter = try dir.write("payments_splitter.hcl", text)
        let resolver = try dir.write("payments_resolver.hcl", try SplitCommandTests.fixture("payments_resolver.hcl"))
        return (dir, splitter, resolver, text)
    }

    @Test(arguments: [
        ["shift", "--to", "green", "--by", "10"], ["shift", "--to", "green", "--by", "-10"], ["shift", "--to", "blue", "--by", "5"],
    ])
    func aRelativeChangeIsRefusedAndTheFileLeftAsItWas(arguments: [String]) async throws {
        let (dir, splitter, resolver, before) = try invalidWorkshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync(["split", arguments[0], splitter] + arguments.dropFirst() + ["--resolver", resolver])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stderr.contains(Self.consul80), "\(r.stderr)")
        #expect(r.stderr.contains(splitter))
        #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
        #expect(try dir.read("payments_splitter.hcl") == before)
        // Nothing written, so nothing journaled and no temporary file left.
        #expect(try dir.entries() == ["payments_resolver.hcl", "payments_splitter.hcl"])
    }

    @Test func theIssuesExampleNoLongerMovesWeightToStable() async throws {
        let (dir, splitter, _, before) = try invalidWorkshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync(["split", "shift", splitter, "--to", "green", "--by", "10"])
        #expect(r.status != 0)
        #expect(!r.stdout.contains("blue 50→60"))
        #expect(try dir.read("payments_splitter.hcl") == before)
    }

    @Test(arguments: [
        (["set", "blue=60", "green=40"], "blue 50→60, green 30→40"), (["rollback"], "green 30→0"),
        (["promote", "--to", "green"], "blue 50→0, green 30→100"), (["set", "green=40"], "blue 50→60, green 30→40"),
    ])
    func anAbsoluteChangeWritesAndSaysWhatWasWrongBefore(arguments: [String], summary: String) async throws {
        let (dir, splitter, resolver, _) = try invalidWorkshop()
        defer { dir.remove() }
        var args = ["split", arguments[0], splitter] + arguments.dropFirst()
        args += ["--resolver", resolver]
        let r = try await Canarytop.runAsync(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(summary), "\(r.stdout)")
        #expect(r.stderr.contains("before this change Consul would have refused it: \(Self.consul80)"), "\(r.stderr)")
        let show = try await Canarytop.runAsync(["split", "show", splitter, "--resolver", resolver, "--json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let splits = try #require(object["splits"] as? [[String: Any]])
        #expect(splits.compactMap { $0["weight"] as? Double }.reduce(0, +) == 100, "\(show.stdout)")
    }

    /// `split shift` of the workshop's valid splitter by `points`.
    private func shiftValid(by points: String) async throws -> Canarytop.Result {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let splitter = try dir.write("s.hcl", try SplitCommandTests.fixture("payments_splitter.hcl"))
        return try await Canarytop.runAsync(["split", "shift", splitter, "--to", "green", "--by", points])
    }

    @Test func aValidSplitterSaysNothingAboutBefore() async throws {
        let r = try await shiftValid(by: "10")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("before this change"))
    }

    /// `--by -10`, as the help shows it, is a value (it was taken for an unknown option).
    @Test func aNegativeShiftIsAValueNotAnOption() async throws {
        let r = try await shiftValid(by: "-10")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("blue 50→60, green 50→40"), "\(r.stdout)")
    }
}
