import Testing
@testable import CanaryCore

/// Reading service-resolver entries.
@Suite struct ResolverDecodingTests {
    @Test func threeSubsetsWithAliasesAndToleratedFields() throws {
        let resolver = try ResolverEntry(text: SplitterFixtures.text("resolver_three_subsets.hcl"), label: "r.hcl")
        #expect(resolver == ResolverEntry(name: "payments", defaultSubset: "blue", subsets: [
            ResolverSubset(name: "blue", filter: "Service.Meta.version == 2", onlyPassing: true),
            ResolverSubset(name: "green", filter: "Service.Meta.version == 3"),
            ResolverSubset(name: "canary", filter: "Service.Meta.version == 4", onlyPassing: true),
        ]))
        #expect(SplitterValidation.validate(resolver).isEmpty)
    }

    @Test func jsonApiReply() throws {
        let json = #"{"Kind": "service-resolver", "Name": "payments", "DefaultSubset": "blue","#
            + #" "Subsets": {"blue": {"Filter": "Service.Meta.version == 2"}, "green": {"Filter": "x", "OnlyPassing": true}},"#
            + #" "ConnectTimeout": "5s", "PeerName": "x", "CreateIndex": 3, "ModifyIndex": 9}"#
        let reply = try ResolverEntry(text: json, label: "api", origin: .apiReply)
        #expect(reply.subsets.map(\.name) == ["blue", "green"])
        #expect(reply.subsets[1].onlyPassing)
        #expect(reply.modifyIndex == 9)
        #expect(reply.unknownKeys.isEmpty)
        let asFile = try ResolverEntry(text: json, label: "file")
        #expect(asFile.unknownKeys == ["PeerName"])
        #expect(SplitterValidation.validate(asFile) == [SplitterIssue("invalid config key \"PeerName\"")])
    }

    @Test func subsetUnknownKeysAndWrongKind() throws {
        let text = "kind = \"service-resolver\"\nname = \"p\"\nsubsets { blue { filtr = \"x\" } }"
        #expect(try ResolverEntry(text: text, label: "r").unknownKeys == ["Subsets[blue].filtr"])
        #expect(throws: ConfigError.self) {
            try ResolverEntry(text: SplitterFixtures.text("payments_splitter.hcl"), label: "r")
        }
        let splitterText = try SplitterFixtures.text("payments_splitter.hcl")
        do {
            _ = try ResolverEntry(text: splitterText, label: "r")
        } catch {
            #expect(error.message == "expected kind \"service-resolver\", found \"service-splitter\"")
        }
    }

    @Test func subsetExistence() {
        let resolver = ResolverEntry(name: "payments", subsets: [ResolverSubset(name: "blue")])
        #expect(resolver.hasSubset(""))
        #expect(resolver.hasSubset("blue"))
        #expect(!resolver.hasSubset("green"))
    }

    private let head = "Kind = \"service-resolver\"\nName = \"payments\"\n"

    private func resolver(_ body: String) throws(ConfigError) -> ResolverEntry {
        try ResolverEntry(text: head + body, label: "r.hcl")
    }

    @Test func aSubsetGivenAgainInAnotherBlockReplacesTheFirst() throws {
        let entry = try resolver("Subsets { blue { Filter = \"a == 1\" } }\nSubsets { blue { OnlyPassing = true } }\n")
        #expect(entry.subsets == [ResolverSubset(name: "blue", filter: "", onlyPassing: true)])
        // In one object, Consul's decoder sees a list of two where it wants one subset.
        #expect(throws: ConfigError.self) { try resolver("Subsets { blue { Filter = \"x\" } blue { OnlyPassing = true } }\n") }
    }

    @Test func fieldsCanarytopDoesNotKeepAreStillCheckedAsConsulDecodesThem() throws {
        #expect(try resolver("Redirect { Servise = \"v2\" }\n").unknownKeys == ["Redirect.Servise"])
        #expect(try resolver("Failover = { \"*\" = { Datacentres = [\"dc2\"] } }\n").unknownKeys == ["Failover[*].Datacentres"])
        #expect(try resolver("LoadBalancer { Policy = \"ring_hash\", Rings = 3 }\n").unknownKeys == ["LoadBalancer.Rings"])
        #expect(try resolver("ConnectTimeout = \"15s\"\nrequest_timeout = 15\nFailover { \"*\" { Datacenters = \"dc2\" } }\n")
            .unknownKeys.isEmpty)
        #expect(throws: ConfigError.self) { try resolver("ConnectTimeout = \"soon\"\n") }
        #expect(throws: ConfigError.self) { try resolver("Redirect { Service = \"a\" }\nRedirect { Service = \"b\" }\n") }
        #expect(throws: ConfigError.self) { try resolver("LoadBalancer { HashPolicies = [{ CookieConfig { TTL = \"ten\" } }] }\n") }
    }

    @Test func goDurationsAndIntegers() {
        for good in ["0", "15s", "1.5h2m.5s", "5µs", "5μs", "-3ns", "+1m", "1h0m0s"] { #expect(GoScalarText.isDuration(good), "\(good)") }
        for bad in ["", "15", "s", ".s", "1.5", "5 s", "1d", "9999999999h"] { #expect(!GoScalarText.isDuration(bad), "\(bad)") }
        #expect((try? GoScalarText.parseInt(Array("0x8d53".utf8)).get()) == 36179)
        #expect((try? GoScalarText.parseInt(Array("017".utf8)).get()) == 15)
        #expect((try? GoScalarText.parseInt(Array("1_000".utf8)).get()) == 1000)
        #expect((try? GoScalarText.parseInt(Array("_1".utf8)).get()) == nil)
        #expect((try? GoScalarText.parseInt(Array("9223372036854775808".utf8)).get()) == nil)
    }
}
