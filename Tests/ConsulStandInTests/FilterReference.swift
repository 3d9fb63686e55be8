import CanaryStore
import CanaryTesting
import ConsulStandIn
import Foundation

/// The data of the filter differential test: the corpus, the stand-in's answers for it, and
/// the reference answers (go-bexpr, live or recorded) to compare them with.
enum FilterReference {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")
    static let corpusURL = directory.appendingPathComponent("filter-corpus.json")
    static let recordedURL = directory.appendingPathComponent("filter-answers.json")
    static let oracleSource = directory.appendingPathComponent("bexpr-oracle").path
    static let goPackages = ["github.com/hashicorp/go-bexpr"]

    /// The instances the expressions are evaluated against: the demo's two payments
    /// registrations (`DemoTopology.registration`) plus three that reach further corners.
    static let instances: [ServiceInstance] = [
        ServiceInstance(id: "payments-blue-1", service: "payments", tags: ["v2"], address: "10.42.0.10", port: 21000,
                        meta: ["version": "2"]),
        ServiceInstance(id: "payments-green-1", service: "payments", tags: ["v3"], address: "10.42.0.19", port: 36179,
                        meta: ["version": "3"], status: .critical),
        ServiceInstance(id: "payments-canary-1", service: "payments", tags: ["v3", "canary", "with space"], address: "",
                        port: 9090, meta: ["version": "3", "track": "canary-x", "note": "Hello World\nsecond line",
                                           "city": "Z\u{00FC}rich", "cafe": "cafe\u{0301}", "empty": ""],
                        node: "node-2", nodeAddress: "10.42.0.30", status: .warning),
        ServiceInstance(id: "payments-old", service: "payments", port: 8080),
        ServiceInstance(id: "payments-v2-legacy", service: "payments", tags: ["V2", "legacy"], address: "10.42.0.11",
                        port: 0, meta: ["version": "2.0", "Version": "02"]),
    ]

    struct Case: Codable {
        var category: String
        var filter: String
        var note: String?
        /// Why current Consul answers differently from Debian's build of the oracle.
        var consulDiffers: String?
        /// What current Consul answers, where it differs.
        var consul: Answer?
    }

    struct Corpus: Codable {
        var about: String
        var cases: [Case]
    }

    struct Outcome: Codable, Equatable {
        var selected: [String]?
        var refused: String?
    }

    struct Acceptance: Codable, Equatable {
        var accepted: Bool
        var refused: String?
    }

    struct Answer: Codable, Equatable {
        var filter: String?
        var health: Outcome
        var subset: Acceptance
    }

    struct OracleOutput: Codable {
        var oracle: String
        var answers: [Answer]
    }

    /// What is committed: the input the oracle saw and what it answered.
    struct Recorded: Codable {
        var oracle: String
        var entries: String
        var answers: [Answer]
    }

    static func corpus() throws -> Corpus {
        try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: corpusURL))
    }

    static func recorded() throws -> Recorded {
        try JSONDecoder().decode(Recorded.self, from: Data(contentsOf: recordedURL))
    }

    /// The live oracle's answers for `filters` on `entries` (JSON text of the health reply).
    static func live(entries: String, filters: [String]) async throws -> OracleOutput {
        let oracle = try await GoOracle.shared(sourceDirectory: oracleSource)
        let input = "{\"entries\":\(entries),\"filters\":" + String(decoding: try JSONEncoder().encode(filters), as: UTF8.self) + "}"
        return try JSONDecoder().decode(OracleOutput.self, from: try await oracle.answer(Data(input.utf8)))
    }

    /// The stand-in's entries and its answer to every filter, over HTTP.
    static func standIn(filters: [String]) async throws -> (entries: String, answers: [Answer]) {
        let consul = try await ConsulStandIn.start()
        let client = try ConsulClient(environment: try ConsulEnvironment.from(["CONSUL_HTTP_ADDR": consul.address]) { _ in "" })
        do {
            for instance in instances { consul.register(instance) }
            let entries = try await client.healthService("payments", filter: nil, passing: false).body
            var answers: [Answer] = []
            for filter in filters {
                answers.append(Answer(filter: filter, health: try await health(client, filter), subset: try await subset(client, filter)))
            }
            await client.shutdown()
            await consul.shutdown()
            return (entries, answers)
        } catch {
            await client.shutdown()
            await consul.shutdown()
            throw error
        }
    }

    private static func health(_ client: ConsulClient, _ filter: String) async throws -> Outcome {
        do {
            let body = try await client.healthService("payments", filter: filter, passing: false).body
            let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] ?? []
            return Outcome(selected: list.compactMap { ($0["Service"] as? [String: Any])?["ID"] as? String })
        } catch StoreError.consul(let status, let message) where status == 400 {
            return Outcome(refused: message)
        }
    }

    private static func subset(_ client: ConsulClient, _ filter: String) async throws -> Acceptance {
        let resolver: [String: Any] = ["Kind": "service-resolver", "Name": "payments", "Subsets": ["s": ["Filter": filter]]]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: resolver), as: UTF8.self)
        do {
            _ = try await client.writeConfigEntry(json: json, cas: nil)
            return Acceptance(accepted: true)
        } catch StoreError.consul(let status, let message) where status == 500 {
            return Acceptance(accepted: false, refused: message)
        }
    }
}
