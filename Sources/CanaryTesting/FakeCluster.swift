import Foundation

/// A Kubernetes cluster for tests, without a cluster: a copy of the fake `kubectl` script
/// (`Tests/Support/fake-kubectl/kubectl`, python3) in a directory of its own, answering from the
/// `ServiceSplitter` objects written there, recording every call and its patch body, and acting
/// as the consul-k8s controller against the Consul stand-in at `consul` (see the script for the
/// variants: `ok`, `stale`, `conflict-status`, `conflict-spec`, `forbidden`, `webhook`).
public struct FakeCluster: Sendable {
    public let directory: TemporaryDirectory
    /// The `kubectl` to give canarytop (`--kubectl`).
    public var kubectl: String { directory.file("kubectl") }

    /// One call canarytop made.
    public struct Call: Sendable, Equatable {
        public var arguments: [String]
        /// The `-p` body of a patch.
        public var body: String?
    }

    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Support/fake-kubectl/kubectl").path

    /// A cluster holding `resources` (objects as `kubectl get -o json` prints them).
    public init(resources: [String], variant: String = "ok", consul: String, datacenter: String = "dc1") throws {
        directory = try TemporaryDirectory()
        do {
            try FileManager.default.createDirectory(atPath: directory.file("resources"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.script, toPath: directory.file("kubectl"))
            for text in resources {
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                let metadata = object?["metadata"] as? [String: Any] ?? [:]
                let name = metadata["name"] as? String ?? "", namespace = metadata["namespace"] as? String ?? "default"
                _ = try directory.write("resources/\(namespace)__\(name).json", text)
            }
            let settings: [String: Any] = ["variant": variant, "consul": consul, "datacenter": datacenter]
            try JSONSerialization.data(withJSONObject: settings).write(to: URL(fileURLWithPath: directory.file("settings.json")))
        } catch {
            directory.remove()
            throw error
        }
    }

    /// The object as the cluster holds it now.
    public func resource(_ name: String, namespace: String = "default") throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.file("resources/\(namespace)__\(name).json")))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The weights of `spec.splits` now (a missing weight is 0).
    public func weights(_ name: String, namespace: String = "default") throws -> [Double] {
        let spec = try resource(name, namespace: namespace)["spec"] as? [String: Any]
        return (spec?["splits"] as? [[String: Any]] ?? []).map { ($0["weight"] as? NSNumber)?.doubleValue ?? 0 }
    }

    /// Every call so far, in order.
    public func calls() throws -> [Call] {
        guard let text = try? directory.read("calls.jsonl") else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return Call(arguments: object["arguments"] as? [String] ?? object["args"] as? [String] ?? [],
                        body: object["body"] as? String)
        }
    }

    /// The bodies of every patch sent, in order.
    public func patchBodies() throws -> [String] {
        try calls().filter { $0.arguments.contains("patch") }.compactMap(\.body)
    }

    public func remove() { directory.remove() }
}

extension FakeCluster {
    /// The workshop's `ServiceSplitter` as the cluster returns it: `payments` in `namespace`, the
    /// given weights for blue and green (a 0 weight is left out, as the API server does), synced
    /// at 10:00:00 unless `synced` is false, with `annotations` and `labels` when given.
    public static func payments(
        namespace: String = "default", blue: Double = 50, green: Double = 50, more: [(String, Double)] = [], synced: Bool = true,
        annotations: [String: String] = [:], labels: [String: String] = [:], resourceVersion: String = "100"
    ) -> String {
        func split(_ subset: String, _ weight: Double) -> [String: Any] {
            weight == 0 ? ["serviceSubset": subset] : ["serviceSubset": subset, "weight": weight]
        }
        let condition: [String: Any] = synced
            ? ["type": "Synced", "status": "True", "lastTransitionTime": "2026-12-02T10:00:00Z"]
            : ["type": "Synced", "status": "False", "reason": "ExternallyManagedConfigError",
               "message": "config entry already exists in Consul", "lastTransitionTime": "2026-12-02T10:00:00Z"]
        var metadata: [String: Any] = [
            "name": "payments", "namespace": namespace, "resourceVersion": resourceVersion, "generation": 2,
            "uid": "6a1c2f4e-0000-4a53-9f0e-1b2c3d4e5f60", "finalizers": ["finalizers.consul.hashicorp.com"],
            "managedFields": [["manager": "kubectl-client-side-apply", "operation": "Update", "time": "2026-12-01T09:12:44Z",
                               "fieldsType": "FieldsV1", "fieldsV1": ["f:spec": ["f:splits": [:] as [String: Any]]]]],
        ]
        if !annotations.isEmpty { metadata["annotations"] = annotations }
        if !labels.isEmpty { metadata["labels"] = labels }
        let object: [String: Any] = [
            "apiVersion": "consul.hashicorp.com/v1alpha1", "kind": "ServiceSplitter", "metadata": metadata,
            "spec": ["splits": [split("blue", blue), split("green", green)] + more.map { split($0.0, $0.1) }],
            "status": ["conditions": [condition], "lastSyncedTime": "2026-12-02T10:00:00Z"],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The workshop's entries in the stand-in as consul-k8s writes them (blue/green `weights`).
    public static let resolverJSON = #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{"Filter":"Service.Meta.version == 2"},"green":{"Filter":"Service.Meta.version == 3"}}}"#

    public static func splitterJSON(blue: Double = 50, green: Double = 50) -> String {
        #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":\#(blue),"ServiceSubset":"blue"},{"Weight":\#(green),"ServiceSubset":"green"}]}"#
    }
}
