@testable import CanaryCore
import Testing

/// ServiceSplitter / ServiceResolver manifests read into the project's entries, as kubectl
/// and the API server would see them.
struct ManifestReadingTests {
    private func yaml(_ splits: String, metadata: String = "metadata: {name: payments}") -> String {
        "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceSplitter\n\(metadata)\nspec:\n  splits:\n\(splits)"
    }

    @Test func theReferenceWorkshopResources() throws {
        let text = try ManifestFixtures.text("workshop.yaml")
        let document = try SplitterDocument(yaml: text, label: "workshop.yaml")
        #expect(document.format == .yaml)
        #expect(document.entry == SplitterEntry(name: "payments", splits: [
            ServiceSplit(weight: w(50), serviceSubset: "blue"), ServiceSplit(weight: w(50), serviceSubset: "green"),
        ]))
        #expect(document.manifest?.metadata.namespace == "default")
        #expect(document.manifest?.float32Weights == [50, 50])
        #expect(SplitterValidation.validate(document.entry).isEmpty)
        let resolver = try ResolverEntry(yaml: text, label: "workshop.yaml")
        #expect(resolver == ResolverEntry(name: "payments", defaultSubset: "blue", subsets: [
            ResolverSubset(name: "blue", filter: "Service.Meta.version == 2"),
            ResolverSubset(name: "green", filter: "Service.Meta.version == 3"),
        ]))
        #expect(SplitterValidation.validate(document.entry, resolver: resolver).isEmpty)
    }

    @Test func theSplitterNeedNotBeFirstAndOtherKindsAreSkipped() throws {
        let document = try ManifestFixtures.document("block_comments.yaml")
        #expect(document.entry.weights == [w(90), w(10), .zero])
        #expect(document.entry.splits.map(\.serviceSubset) == ["blue", "green", "red"])
        #expect(document.manifest?.metadata.label("app.kubernetes.io/instance") == "payments-canary")
        #expect(document.manifest?.otherOwners == [.argoCD(evidence: "label app.kubernetes.io/instance=payments-canary")])
    }

    @Test func everyFixtureReads() throws {
        for (name, _) in ManifestFixtures.splitterFiles {
            let document = try ManifestFixtures.document(name)
            #expect(document.entry.name == "payments", "\(name)")
            #expect(document.entry.weights.total() == .full, "\(name): \(document.entry.weights)")
            #expect(document.entry.unknownKeys.isEmpty, "\(name)")
        }
    }

    @Test func aMissingOrNullWeightIsZero() throws {
        let document = try SplitterDocument(yaml: yaml("    - {weight: 100, serviceSubset: blue}\n    - {serviceSubset: green}\n"
                                                       + "    - {weight: ~, serviceSubset: red}\n    - {weight: null, serviceSubset: x}\n"),
                                            label: "p.yaml")
        #expect(document.entry.weights == [.full, .zero, .zero, .zero])
        #expect(document.manifest?.float32Weights == [100, 0, 0, 0])
    }

    /// What kubectl sends for each spelling of a weight (sigs.k8s.io/yaml → JSON), and what the
    /// API server and controller make of it.
    @Test func weightSpellingsFollowKubectlsDecoding() throws {
        let accepted: [(String, Float)] = [
            ("50", 50), ("50.0", 50), ("1e2", 100), ("5e1", 50), ("+50", 50), ("0x32", 50), ("0o62", 50), ("062", 50),
            ("5_0", 50), ("0b110010", 50), (".5", 0.5), ("50.", 50), ("08", 8), ("!!float 50", 50), ("!!int 50", 50),
            ("16.75", Float("16.75")!), ("33.333", Float("33.333")!),
        ]
        for (written, expected) in accepted {
            let document = try SplitterDocument(yaml: yaml("    - weight: \(written)\n      serviceSubset: blue\n"), label: "p.yaml")
            #expect(document.manifest?.float32Weights == [expected], "weight: \(written)")
        }
        let refused: [(String, String)] = [
            ("\"50\"", #"spec.splits[0].weight in body must be of type number: "string""#),
            ("'50'", #"spec.splits[0].weight in body must be of type number: "string""#),
            ("!!str 50", #"spec.splits[0].weight in body must be of type number: "string""#),
            ("fifty", #"spec.splits[0].weight in body must be of type number: "string""#),
            ("true", #"spec.splits[0].weight in body must be of type number: "boolean""#),
            ("yes", #"spec.splits[0].weight in body must be of type number: "boolean""#),
            ("[50]", #"spec.splits[0].weight in body must be of type number: "array""#),
            ("0x1p4", #"spec.splits[0].weight in body must be of type number: "string""#),
            ("2024-01-01", #"spec.splits[0].weight in body must be of type number: "string""#),
            (".inf", "json: unsupported value: +Inf"),
            ("!!int 1.5", "cannot decode !!float `1.5` as a !!int"),
            ("1e39", "json: cannot unmarshal number 1e39 into Go struct field"),
        ]
        for (written, message) in refused {
            let text = yaml("    - weight: \(written)\n      serviceSubset: blue\n")
            #expect {
                try SplitterDocument(yaml: text, label: "p.yaml")
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.message.hasPrefix(message) && error.line == 6 && error.column == 15
            }
        }
    }

    @Test func fieldsAreCaseSensitiveAndUnknownOnesAreReported() throws {
        let document = try SplitterDocument(yaml: yaml("    - Weight: 100\n      serviceSubset: blue\n      service_subset: x\n"),
                                            label: "p.yaml")
        #expect(document.entry.weights == [.zero])
        #expect(document.entry.unknownKeys == ["spec.splits[0].Weight", "spec.splits[0].service_subset"])
        #expect(!SplitterValidation.validate(document.entry).isEmpty)
    }

    @Test func headersNamespacesAndOwners() throws {
        let document = try ManifestFixtures.document("headers.yaml")
        let splits = document.entry.splits
        #expect(splits[0].requestHeaders == HeaderModifiers(set: [KeyValue("x-canary", "no")], remove: ["x-debug"]))
        #expect(splits[1].responseHeaders == HeaderModifiers(add: [KeyValue("x-served-by", "green")]))
        #expect(splits[1].service == "payments" && splits[1].namespace == "team-a" && splits[1].partition == "part-1")
        let owners = document.manifest?.otherOwners ?? []
        #expect(owners.count == 2)
        #expect(owners.first == .argoCD(evidence: "annotation argocd.argoproj.io/tracking-id="
                                        + "payments:consul.hashicorp.com/ServiceSplitter:default/payments"))
        #expect(owners.last == .helm(release: nil))
    }

    @Test func severalSplittersNeedAName() throws {
        let text = try ManifestFixtures.text("two_splitters.yaml")
        #expect {
            try SplitterDocument(yaml: text, label: "two.yaml")
        } throws: { error in
            (error as? ConfigError)?.description == "two.yaml: 2 documents are a ServiceSplitter (consul.hashicorp.com/v1alpha1):"
                + " web at 1:1, payments at 10:1; name the one to use"
        }
        let payments = try SplitterDocument(yaml: text, label: "two.yaml", name: "payments")
        #expect(payments.entry.weights == [w(33.34), w(33.33), w(33.33)])
        #expect(payments.entry.splits[2].service == "payments-v2")
        #expect(try SplitterDocument(yaml: text, label: "two.yaml", name: "web").entry.splits[0].service == "web")
        #expect(throws: ConfigError.self) { try SplitterDocument(yaml: text, label: "two.yaml", name: "nope") }
    }

    @Test func aFileWithoutASplitterSaysWhatItHas() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n"
            + "apiVersion: consul.hashicorp.com/v1beta1\nkind: ServiceSplitter\nmetadata: {name: payments}\n"
        #expect {
            try SplitterDocument(yaml: text, label: "x.yaml")
        } throws: { error in
            (error as? ConfigError)?.description == "x.yaml: no ServiceSplitter (consul.hashicorp.com/v1alpha1) in the file;"
                + " found: Deployment web, ServiceSplitter payments (consul.hashicorp.com/v1beta1)"
        }
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        let cases: [(String, Int, Int)] = [
            ("apiVersion: x\nkind: [unclosed\n", 3, 1),
            ("a: 1\n  b: 2\n", 2, 4),
            ("spec:\n  splits:\n    - weight: 1\n      weight: 2\n", 3, 7),
            ("a: *missing\n", 1, 4),
        ]
        for (text, line, column) in cases {
            #expect {
                try SplitterDocument(yaml: text, label: "bad.yaml")
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.stage == .syntax && error.line == line && error.column == column
                    && error.description.hasPrefix("bad.yaml:\(line):\(column): ")
            }
        }
    }

    @Test func positionsAreRightAfterMultiByteCharactersAndCRLF() throws {
        let text = "# é ü — comments\r\napiVersion: consul.hashicorp.com/v1alpha1\r\nkind: ServiceSplitter\r\n"
            + "metadata: {name: payments, annotations: {note: \"☃☃\"}}\r\nspec:\r\n  splits:\r\n"
            + "    - {serviceSubset: \"grün\", weight: \"100\"}\r\n"
        #expect {
            try SplitterDocument(yaml: text, label: "p.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == 7 && error.column == 39
        }
    }

    @Test func mergeKeysAreApplied() throws {
        let document = try ManifestFixtures.document("anchors.yaml")
        #expect(document.entry.weights == [w(25), w(25), w(50), .zero, .zero])
        #expect(document.entry.splits.map(\.serviceSubset) == ["blue", "green", "free", "red", "yellow"])
    }

    @Test func resolverFieldsAndUnknownOnes() throws {
        let text = """
            apiVersion: consul.hashicorp.com/v1alpha1
            kind: ServiceResolver
            metadata: {name: payments}
            spec:
              defaultSubset: blue
              connectTimeout: 5s
              subsets:
                blue: {filter: "Service.Meta.version == 2", onlyPassing: true}
                green: {filter: "Service.Meta.version == 3", OnlyPassing: true}
            """
        let resolver = try ResolverEntry(yaml: text, label: "r.yaml")
        #expect(resolver.subsets == [ResolverSubset(name: "blue", filter: "Service.Meta.version == 2", onlyPassing: true),
                                     ResolverSubset(name: "green", filter: "Service.Meta.version == 3")])
        #expect(resolver.unknownKeys == ["spec.subsets.green.OnlyPassing"])
        #expect(SplitterValidation.validate(resolver).map(\.message) == [#"invalid config key "spec.subsets.green.OnlyPassing""#])
    }
}
