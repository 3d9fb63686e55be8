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
}
