import AsyncHTTPClient
import CanaryCore
import CanaryTesting
import Foundation
import NIOCore
import Testing
@testable import CanaryDemo

/// Starts a demo mesh on free ports in a temporary directory, with a client to call it.
///
/// Latency is off unless asked for. Green gives currency 30 s unless a test asks for the workshop's
/// short timeout: on two loaded cores a healthy call can take longer than 0.2 s.
struct DemoMeshHarness {
    let dir: TemporaryDirectory
    let mesh: DemoMesh
    let client: HTTPClient

    static func start(
        style: TraceStyle = .current, bug: GreenBug = .none, greenTimeout: Double = 30, errorRate: Double? = nil,
        greenWeight: Weight? = nil
    ) async throws -> DemoMeshHarness {
        let dir = try TemporaryDirectory()
        var c = DemoConfiguration()
        c.webPort = .exact(0)
        c.consulPort = .exact(0)
        c.latencyScale = 0
        c.greenBug = bug
        c.greenTimeout = greenTimeout
        c.greenErrorRate = errorRate
        c.style = style
        let files = try WorkingCopies.prepare(in: dir.path, greenWeight: greenWeight, reset: false)
        let mesh = try await DemoMesh.start(c, files: files)
        var config = HTTPClient.Configuration()
        config.connectionPool.retryConnectionEstablishment = false
        return DemoMeshHarness(dir: dir, mesh: mesh, client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: config))
    }

    func stop() async {
        try? await client.shutdown()
        await mesh.shutdown()
        dir.remove()
    }

    /// One reply of `web` (or any URL).
    struct Reply {
        var status: Int
        var contentType: String?
        var connection: String?
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var trace: Trace? { TraceDecoder.decode(body).trace }
    }

    func get(_ url: String? = nil) async throws -> Reply {
        let response = try await client.execute(HTTPClientRequest(url: url ?? mesh.endpoints.webURL + "/"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Reply(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            connection: response.headers.first(name: "Connection"), body: Array(body.readableBytesView))
    }

    /// Sends `n` requests to web and counts the replies by the subset whose IP served them.
    func tally(_ n: Int) async throws -> [String: Int] {
        let byIP = Attributor(rules: [
            try SubsetRule(parsing: "blue=ip:\(DemoTopology.blueAddress)"),
            try SubsetRule(parsing: "green=ip:\(DemoTopology.greenAddress)"),
        ])
        var counts: [String: Int] = [:]
        for _ in 0..<n {
            let reply = try await get()
            let subset = reply.trace.flatMap { byIP.attribute($0).subset } ?? "unattributed"
            counts[subset, default: 0] += 1
            if reply.status != 200 { counts["status \(reply.status)", default: 0] += 1 }
        }
        return counts
    }

    /// Rewrites the splitter's two weights (atomically, as an editor or canarytop does).
    func writeSplitter(blue: Int, green: Int) throws {
        let text = WorkingCopies.workshopSplitter
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = \(blue),\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = \(green),\n    service_subset = \"green\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: mesh.files.splitterPath), options: .atomic)
    }
}

/// Whether `count` is within `sigmas` standard deviations of a binomial draw of `n` at `share`.
func withinBinomial(_ count: Int, of n: Int, share: Double, sigmas: Double = 4) -> Bool {
    let sd = (Double(n) * share * (1 - share)).squareRoot()
    return abs(Double(count) - Double(n) * share) <= max(1, sigmas * sd)
}
