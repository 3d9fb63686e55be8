@testable import CanaryCore
import Testing

/// `kubectl get servicesplitters.consul.hashicorp.com payments -o json`, decoded; the merge
/// patch that sets its weights; sync status; other owners.
struct ServiceSplitterResourceTests {
    private func resource() throws -> ServiceSplitterResource {
        try ServiceSplitterResource(json: ManifestFixtures.text("kubectl_get_payments.json"), label: "kubectl get")
    }

    @Test func decodesMetadataSplitsAndStatus() throws {
        let resource = try resource()
        #expect(resource.metadata.name == "payments" && resource.metadata.namespace == "default")
        #expect(resource.metadata.resourceVersion == "48213")
        #expect(resource.metadata.generation == 3)
        #expect(resource.metadata.finalizers == ["finalizers.consul.hashicorp.com"])
        #expect(resource.entry.name == "payments")
        #expect(resource.entry.weights == [w(80), w(20), .zero])
        #expect(resource.entry.splits[0].requestHeaders == HeaderModifiers(set: [KeyValue("x-canary", "no")]))
        #expect(resource.entry.unknownKeys == ["spec.splits[1].futureField"])
        #expect(resource.float32Weights == [80, 20, 0])
        #expect(resource.status.isSynced)
        #expect(resource.status.notSyncedReason == nil)
        #expect(resource.status.lastSyncedTime == KubernetesTime("2026-12-02T10:04:05Z"))
    }

    @Test func managedFieldsNameTheWriterOfTheSplits() throws {
        let resource = try resource()
        #expect(OtherOwner.splitsWriters(resource.metadata).map(\.manager) == ["rollouts-plugin-trafficrouter-consul"])
        #expect(resource.otherOwners == [.argoRolloutsPlugin(manager: "rollouts-plugin-trafficrouter-consul",
                                                             time: "2026-12-02T10:04:01Z")])
        #expect(resource.otherOwners[0].warning == "spec.splits was last written by \"rollouts-plugin-trafficrouter-consul\""
            + " at 2026-12-02T10:04:01Z, the Argo Rollouts Consul plugin: its next step sets the weights again; steer the"
            + " Rollout instead")
        // kubectl's own apply owns only "f:spec": {".": {}}, and status writes never count.
        #expect(!resource.metadata.managedFields[0].ownsSplits)
        #expect(!resource.metadata.managedFields[2].ownsSplits)
    }

    /// The exact bytes `kubectl patch --type=merge -p` gets: the resourceVersion read, every split
    /// with all its fields as read (unknown ones and number texts included), only weights changed.
    @Test func mergePatchBody() throws {
        let body = try SplitterMergePatch.body(for: resource(), weights: [w(90), w(10), .zero])
        #expect(body == #"{"metadata":{"resourceVersion":"48213"},"spec":{"splits":["#
            + #"{"serviceSubset":"blue","weight":90,"requestHeaders":{"set":{"x-canary":"no"}}},"#
            + #"{"serviceSubset":"green","weight":10,"futureField":{"kept":[1,2.50,true,null]}},"#
            + #"{"weight":0,"serviceSubset":"red"}]}}"#)
        let fractional = try SplitterMergePatch.body(for: resource(), weights: [w(33.34), w(33.33), w(33.33)])
        #expect(fractional.contains(#"{"serviceSubset":"blue","weight":33.34,"#))
        #expect(fractional.contains(#"{"weight":33.33,"serviceSubset":"red"}"#))
    }

    @Test func mergePatchRefusals() throws {
        let resource = try resource()
        #expect(throws: SplitterMergePatch.Problem.wrongCount(expected: 3, got: 2)) {
            try SplitterMergePatch.body(for: resource, weights: [w(90), w(10)])
        }
        #expect(throws: SplitterMergePatch.Problem.outOfRange(split: 0, w(120))) {
            try SplitterMergePatch.body(for: resource, weights: [w(120), w(-20), .zero])
        }
        var unversioned = resource
        unversioned.metadata.resourceVersion = nil
        #expect(throws: SplitterMergePatch.Problem.noResourceVersion) {
            try SplitterMergePatch.body(for: unversioned, weights: [w(90), w(10), .zero])
        }
    }

    @Test func conflictTriageComparesGenerationAndSplits() throws {
        let text = try ManifestFixtures.text("kubectl_get_payments.json")
        let original = try resource()
        let statusOnly = try ServiceSplitterResource(json: text.replacingOccurrences(of: "\"48213\"", with: "\"48220\"")
            .replacingOccurrences(of: "\"lastSyncedTime\": \"2026-12-02T10:04:05Z\"", with: "\"lastSyncedTime\": \"2026-12-02T10:09:00Z\""),
                                                     label: "re-read")
        #expect(original.hasSameSpec(as: statusOnly))
        let moved = try ServiceSplitterResource(json: text.replacingOccurrences(of: "\"weight\": 80", with: "\"weight\": 70")
            .replacingOccurrences(of: "\"weight\": 20", with: "\"weight\": 30")
            .replacingOccurrences(of: "\"generation\": 3", with: "\"generation\": 4"), label: "re-read")
        #expect(!original.hasSameSpec(as: moved))
        let newField = try ServiceSplitterResource(json: text.replacingOccurrences(of: "\"kept\"", with: "\"changed\""), label: "re-read")
        #expect(!original.hasSameSpec(as: newField))
    }

    @Test func notSyncedStatesAreExplained() throws {
        let text = try ManifestFixtures.text("kubectl_get_payments.json")
        let failed = try ServiceSplitterResource(json: text.replacingOccurrences(
            of: "\"status\": \"True\",", with: "\"status\": \"False\", \"reason\": \"ExternallyManagedConfigError\","
                + " \"message\": \"config entry already exists in Consul\","), label: "kubectl get")
        #expect(!failed.status.isSynced)
        #expect(failed.status.notSyncedReason == "Synced=False, ExternallyManagedConfigError: config entry already exists in Consul")
        let fresh = try ServiceSplitterResource(json: #"{"apiVersion":"consul.hashicorp.com/v1alpha1","kind":"ServiceSplitter","#
            + #""metadata":{"name":"p","resourceVersion":"1"},"spec":{"splits":[{"weight":100}]}}"#, label: "kubectl get")
        #expect(fresh.status == ConsulSyncStatus())
        #expect(fresh.status.notSyncedReason == "the resource has no Synced condition yet (the controller has not synced it)")
    }

    @Test func otherKindsAndBadTypesAreRefusedWithPositions() {
        #expect {
            try ServiceSplitterResource(json: #"{"apiVersion":"v1","kind":"List","items":[]}"#, label: "kubectl get")
        } throws: { error in
            (error as? ConfigError)?.message == #"expected a ServiceSplitter (consul.hashicorp.com/v1alpha1), found "List" ("v1")"#
        }
        #expect {
            try ServiceSplitterResource(json: "{\"apiVersion\":\"consul.hashicorp.com/v1alpha1\",\"kind\":\"ServiceSplitter\",\n"
                + "\"metadata\":{\"name\":\"p\",\"generation\":\"3\"}}", label: "kubectl get")
        } throws: { error in
            (error as? ConfigError)?.description == #"kubectl get:2:37: metadata.generation in body must be of type integer: "string""#
        }
    }

    @Test func kubernetesTimes() throws {
        let a = try #require(KubernetesTime("2026-12-02T10:04:05Z"))
        #expect(a.seconds == 1_796_205_845)
        #expect(KubernetesTime("2026-12-02T11:04:05+01:00") == a)
        #expect(try #require(KubernetesTime("2026-12-02T10:04:05.5Z")) > a)
        #expect(try #require(KubernetesTime("1970-01-01T00:00:00Z")).seconds == 0)
        #expect(KubernetesTime("2026-12-02") == nil)
        #expect(KubernetesTime("2026-13-02T10:04:05Z") == nil)
        #expect(KubernetesTime("") == nil)
    }
}

/// kubectl's failures, read from its standard error (the forms in the reference).
struct KubectlFailureTests {
    @Test func conflictForbiddenDenialNotFound() {
        let conflict = KubectlFailure(stderr: "Error from server (Conflict): Operation cannot be fulfilled on"
            + " servicesplitters.consul.hashicorp.com \"payments\": the object has been modified; please apply your changes"
            + " to the latest version and try again\n")
        #expect(conflict == .conflict)
        let forbidden = KubectlFailure(stderr: "Error from server (Forbidden): servicesplitters.consul.hashicorp.com \"payments\""
            + " is forbidden: User \"alice\" cannot patch resource \"servicesplitters\" in API group \"consul.hashicorp.com\""
            + " in the namespace \"shop\"\n")
        #expect(forbidden == .forbidden(verb: "patch", namespace: "shop"))
        #expect(forbidden.message(resource: "servicesplitters/payments", namespace: "default")
            == "your Kubernetes identity cannot patch servicesplitters in shop")
        let denied = KubectlFailure(stderr: "Error from server (BadRequest): admission webhook"
            + " \"mutate-servicesplitter.consul.hashicorp.com\" denied the request: ServiceSplitter.consul.hashicorp.com"
            + " \"payments\" is invalid: spec.splits: Invalid value: \"[…]\": the sum of weights across all splits must add up"
            + " to 100 percent, but adds up to 99.999992\n")
        guard case .webhookDenied(let reason) = denied else { Issue.record("\(denied)"); return }
        #expect(reason.hasSuffix("but adds up to 99.999992"))
        #expect(KubectlFailure(stderr: "Error from server (NotFound): servicesplitters.consul.hashicorp.com \"x\" not found")
            == .notFound)
        #expect(KubectlFailure(stderr: "error: context \"nope\" does not exist\u{1B}[2J\n") == .other("error: context \"nope\" does not exist\u{FFFD}[2J"))
    }

    @Test func aClusterWideListIsSplitIntoItems() throws {
        let item = try ManifestFixtures.text("kubectl_get_payments.json")
        let other = item.replacingOccurrences(of: "\"namespace\": \"default\"", with: "\"namespace\": \"shop\"")
        let list = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\(item), \(other)], \"metadata\": {}}"
        let items = try ServiceSplitterResource.items(ofList: list, label: "kubectl get -A")
        #expect(items.map(\.metadata.qualifiedName) == ["default/payments", "shop/payments"])
        #expect(try ServiceSplitterResource.items(ofList: #"{"kind":"ServiceSplitterList","items":[]}"#, label: "l").isEmpty)
        #expect(throws: ConfigError.self) { try ServiceSplitterResource.items(ofList: item, label: "l") }
    }
}
