import CanaryCore
import Foundation

/// The few `kubectl` calls `--apply kubectl` makes, each a child process with a deadline:
/// get one `ServiceSplitter`, list them cluster-wide, and merge-patch one.
struct Kubectl: Sendable {
    let executable: String
    let target: KubernetesTarget
    static let resource = KubernetesKind.serviceSplitter.resource

    /// Finds the user's kubectl (`--kubectl`, else `kubectl` on `PATH`).
    init(_ target: KubernetesTarget, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws(StoreError) {
        guard let executable = TimedProcess.locate(target.kubectl, path: path) else {
            throw .refused(target.kubectl.contains("/")
                ? "--kubectl \(target.kubectl): no such executable"
                : "kubectl not found on PATH (give its path with --kubectl)")
        }
        self.executable = executable
        self.target = target
    }

    /// `kubectl get servicesplitters.consul.hashicorp.com NAME -n NS -o json`.
    func get(_ name: String, namespace: String) async throws -> ServiceSplitterResource {
        let result = try await run(["get", Self.resource, name, "-n", namespace, "-o", "json"])
        guard result.succeeded else { throw failure(result, name: name, namespace: namespace) }
        do {
            return try ServiceSplitterResource(json: result.stdout, label: "kubectl get \(namespace)/\(name)")
        } catch {
            throw StoreError.refused("\(error)")
        }
    }

    /// Every `ServiceSplitter` named `name`, in any namespace (`get … -A -o json`).
    func find(_ name: String) async throws -> [ServiceSplitterResource] {
        let result = try await run(["get", Self.resource, "-A", "-o", "json"])
        guard result.succeeded else { throw failure(result, name: name, namespace: "any namespace") }
        do {
            return try ServiceSplitterResource.items(ofList: result.stdout, label: "kubectl get \(Self.resource) -A")
                .filter { $0.metadata.name == name }
        } catch {
            throw StoreError.refused("\(error)")
        }
    }

    /// `kubectl patch … NAME -n NS --type=merge -p BODY`: nil when it succeeded, else what kubectl said.
    func patch(_ name: String, namespace: String, body: String) async throws -> KubectlFailure? {
        let result = try await run(["patch", Self.resource, name, "-n", namespace, "--type=merge", "-p", body])
        if result.succeeded { return nil }
        if result.timedOut { return .other("kubectl patch did not finish within \(target.callTimeout) s") }
        return KubectlFailure(stderr: result.stderr.isEmpty ? "exit status \(result.status)" : result.stderr)
    }

    private func run(_ arguments: [String]) async throws -> TimedProcess.Result {
        let context = target.context.map { ["--context", $0] } ?? []
        do {
            return try await TimedProcess(executable: executable, arguments: context + arguments, timeout: target.callTimeout).run()
        } catch {
            throw StoreError.refused("\(error)")
        }
    }

    private func failure(_ result: TimedProcess.Result, name: String, namespace: String) -> StoreError {
        if result.timedOut { return .unreachable("kubectl did not answer within \(target.callTimeout) s") }
        let failure = KubectlFailure(stderr: result.stderr.isEmpty ? "kubectl exited with status \(result.status)" : result.stderr)
        if case .forbidden(let verb, let deniedIn) = failure {
            let action = verb.isEmpty ? "get" : verb
            return .refused("your Kubernetes identity cannot \(action) servicesplitters in \(deniedIn.isEmpty ? namespace : deniedIn)")
        }
        return .refused("kubectl: " + failure.message(resource: "ServiceSplitter \(GoQuote.quote(name))", namespace: namespace))
    }
}
