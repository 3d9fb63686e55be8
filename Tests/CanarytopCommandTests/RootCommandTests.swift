import CanaryTesting
import Testing

@Suite(.sharedMachine) struct RootCommandTests {
    @Test func helpListsTheProduct() async throws {
        let r = try await Canarytop.runAsync(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("canary deployments"))
        #expect(r.stderr.isEmpty)
    }

    @Test func aSubcommandsHelpAndTheVersionStillPrint() async throws {
        let help = try await Canarytop.runAsync(["watch", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: canarytop watch"), "\(help.stdout)")
        let version = try await Canarytop.runAsync(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    /// Every usage error — unknown subcommand or option, a missing or bad value, a refused
    /// combination — is one line on stderr naming what is wrong, exit 64, nothing on stdout.
    @Test(arguments: [
        (["frobnicate"], "frobnicate"),
        (["watch", "http://127.0.0.1:9/", "--bogus"], "--bogus"),
        (["watch", "http://127.0.0.1:9/", "--rate", "abc"], "--rate"),
        (["watch", "http://127.0.0.1:9/", "--rate"], "--rate"),
        (["watch", "--probe", "off", "--headless", "--duration", "1s", "--envoy-admin", "http://127.0.0.1:9", "--poll-interval", "0"], "--poll-interval"),
        (["split", "set"], "splitter file"),
        (["split", "rollback", "x.hcl", "--apply", "command"], "--command"),
    ])
    func usageErrorsAreOneLine(_ arguments: [String], _ names: String) async throws {
        let r = try await Canarytop.runAsync(arguments)
        #expect(r.status == 64, "\(arguments): \(r.status)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "\(arguments): \(r.stderr)")
        #expect(lines.first?.hasPrefix("Error: ") == true && lines.first?.contains(names) == true, "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(arguments): \(r.stdout)")
    }
}
