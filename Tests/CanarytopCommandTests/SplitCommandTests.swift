import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing

@Suite(.sharedMachine) struct SplitCommandTests {
    static let fixtures = ExplainCommandTests.fixtures
    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// A temp dir holding the workshop's splitter and resolver.
    private func workshop() throws -> (TemporaryDirectory, String, String) {
        let dir = try TemporaryDirectory()
        let splitter = try dir.write("payments_splitter.hcl", try Self.fixture("payments_splitter.hcl"))
        let resolver = try dir.write("payments_resolver.hcl", try Self.fixture("payments_resolver.hcl"))
        return (dir, splitter, resolver)
    }

    @Test func workshopRollbackChangesOnlyTheTwoWeights() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync(["split", "rollback", splitter, "--resolver", resolver, "--reason", "green 5xx"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("blue 50→100, green 50→0"))
        let expected = try Self.fixture("payments_splitter.hcl")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = 100,\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 0,\n    service_subset = \"green\"")
        #expect(try dir.read("payments_splitter.hcl") == expected)
        // One journal line with the operation, weights and reason.
        let journal = try dir.read("payments_splitter.hcl.journal")
        let line = try #require(JSONSerialization.jsonObject(with: Data(journal.utf8)) as? [String: Any])
        #expect(line["operation"] as? String == "rollback")
        #expect(line["reason"] as? String == "green 5xx")
        #expect((line["after"] as? [String: Double])?["blue"] == 100)
        #expect((line["version_before"] as? String)?.hasPrefix("sha256:") == true)
        // Nothing else appeared in the directory.
        #expect(try dir.entries() == ["payments_resolver.hcl", "payments_splitter.hcl", "payments_splitter.hcl.journal"])
    }

    @Test func dryRunPrintsTheDiffAndWritesNothing() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync(["split", "rollback", splitter, "--resolver", resolver, "--dry-run"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("-    weight = 50,"))
        #expect(r.stdout.contains("+    weight = 100,"))
        #expect(r.stdout.contains("+    weight = 0,"))
        #expect(try dir.read("payments_splitter.hcl") == (try Self.fixture("payments_splitter.hcl")))
        #expect(try dir.entries() == ["payments_resolver.hcl", "payments_splitter.hcl"])
    }

    @Test func setShiftPromoteAndShow() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        #expect(try await Canarytop.runAsync(["split", "set", splitter, "green=10"]).status == 0)
        #expect(try await Canarytop.runAsync(["split", "shift", splitter, "--to", "green", "--by", "15"]).status == 0)
        let show = try await Canarytop.runAsync(["split", "show", splitter, "--resolver", resolver, "--json"])
        #expect(show.status == 0)
        let o = try #require(JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let splits = try #require(o["splits"] as? [[String: Any]])
        #expect(splits.map { $0["weight"] as? Double } == [75, 25])
        #expect(o["stable"] as? String == "blue")
        #expect(o["valid"] as? Bool == true)
        #expect(try await Canarytop.runAsync(["split", "promote", splitter, "--to", "green"]).status == 0)
        #expect(try await Canarytop.runAsync(["split", "set", splitter, "blue=33.33", "green=66.67"]).status == 0)
        #expect(try dir.read("payments_splitter.hcl").contains("weight = 33.33,"))
    }

    @Test func refusedChangesExitNonZeroWithOneLineAndChangeNothing() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        let original = try dir.read("payments_splitter.hcl")
        for args in [
            ["split", "set", splitter, "purple=10"],
            ["split", "set", splitter, "blue=60", "green=60"],
            ["split", "set", splitter, "green=101"],
            ["split", "promote", splitter, "--to", "nope", "--resolver", resolver],
        ] {
            let r = try await Canarytop.runAsync(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(try dir.read("payments_splitter.hcl") == original)
        }
    }

    @Test func subsetMissingFromTheResolverIsRefusedInConsulsWords() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let splitter = try dir.write("s.hcl", try Self.fixture("payments_splitter.hcl"))
        let resolver = try dir.write("r.hcl", """
            kind = "service-resolver"
            name = "payments"
            default_subset = "blue"
            subsets = { blue = { filter = "Service.Meta.version == 2" } }
            """)
        let r = try await Canarytop.runAsync(["split", "set", splitter, "green=10", "--resolver", resolver])
        #expect(r.status != 0)
        #expect(r.stderr.contains(#"service "payments" does not have a subset named "green""#))
    }

    @Test func notASplitterIsRefusedNamingTheFile() async throws {
        let (dir, _, resolver) = try workshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync(["split", "rollback", resolver])
        #expect(r.status != 0)
        #expect(r.stderr.contains(resolver))
        #expect(r.stderr.contains("service-resolver"))
        let broken = try dir.write("broken.hcl", "kind = \"service-splitter\"\nsplits = [\n  { weight : 50 }\n]\n")
        let p = try await Canarytop.runAsync(["split", "show", broken])
        #expect(p.status != 0)
        #expect(p.stderr.contains("broken.hcl:3:"))
    }

    @Test func failingApplyCommandIsReportedAndJournaled() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync([
            "split", "rollback", splitter, "--resolver", resolver, "--apply", "command",
            "--command", "echo 'Error writing config entry service-splitter/payments: Unexpected response code: 500 (boom)' >&2; exit 1 # {file}",
        ])
        #expect(r.status != 0)
        #expect(r.stderr.contains("Unexpected response code: 500 (boom)"))
        #expect(r.stderr.contains("status 1"))
        let journal = try dir.read("payments_splitter.hcl.journal")
        #expect(journal.contains("apply failed"))
        #expect(journal.contains("\"apply\":\"command\""))
    }

    @Test func succeedingApplyCommandSeesTheNewFile() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync([
            "split", "rollback", splitter, "--resolver", resolver, "--apply", "command", "--command", "grep -c 'weight = 100' {file}",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("1\n"))
    }

    @Test func readOnlyDirectoryIsAOneLineErrorAndNothingChanges() async throws {
        let (dir, splitter, resolver) = try workshop()
        defer { dir.remove() }
        // The file itself may be written by anyone: the directory is what refuses.
        chmod(splitter, 0o666)
        chmod(dir.path, 0o555)
        defer { chmod(dir.path, 0o755) }
        var args = ["split", "rollback", splitter, "--resolver", resolver]
        var env: [String: String]?
        if geteuid() == 0 {
            // root ignores directory permissions: run as nobody, who may read but not write here.
            args = ["--reuid=65534", "--regid=65534", "--clear-groups", Canarytop.binary.path] + args
            env = ProcessInfo.processInfo.environment
        }
        let r = geteuid() == 0 ? try await Canarytop.runAsync(args, executable: "/usr/bin/setpriv", environment: env) : try await Canarytop.runAsync(args)
        #expect(r.status != 0)
        #expect(r.stderr.contains("Permission denied"), "\(r.stderr)")
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        #expect(try dir.read("payments_splitter.hcl") == (try Self.fixture("payments_splitter.hcl")))
    }

    @Test func usageErrors() async throws {
        #expect(try await Canarytop.runAsync(["split", "rollback"]).status != 0)
        #expect(try await Canarytop.runAsync(["split", "rollback", "x.hcl", "--apply", "command"]).stderr.contains("--command"))
        #expect(try await Canarytop.runAsync(["split", "rollback", "--consul-entry", "payments"]).stderr.contains("--apply api"))
    }
}
