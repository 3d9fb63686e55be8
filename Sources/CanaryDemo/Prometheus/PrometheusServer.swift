import AsyncHTTPClient
import CanaryHTTP
import Foundation
import NIOCore

/// A real Prometheus (Debian's `prometheus` binary) on loopback, scraping the demo's sidecars
/// every `scrapeInterval` seconds: for the tests and `bench detect` to read `web`'s stats the
/// way a team's Prometheus would. Its config and data live in a temporary directory removed by
/// ``stop()``.
public final class PrometheusServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let url: String
    /// The port of ``url``.
    public var port: Int { Int(url.split(separator: ":").last!)! }
    private let process: Process
    private let directory: String

    private init(url: String, process: Process, directory: String) {
        self.url = url
        self.process = process
        self.directory = directory
    }

    /// The binary, when installed (`/usr/bin/prometheus`, or on `PATH`).
    public static var binary: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin"])
            .map { $0 + "/prometheus" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The scrape config for `targets` (`host:port`), as Prometheus reads it.
    public static func config(targets: [String], scrapeInterval: Double, metricsPath: String = "/stats/prometheus") -> String {
        let interval = "\(Int((scrapeInterval * 1000).rounded()))ms"
        return """
            global:
              scrape_interval: \(interval)
              evaluation_interval: \(interval)
            scrape_configs:
              - job_name: web-sidecars
                metrics_path: \(metricsPath)
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]

            """
    }

    /// Starts Prometheus scraping `targets` (at `metricsPath`) and returns once it answers
    /// `/-/ready`, at most `deadline` seconds after the start (then it is stopped and this throws).
    public static func start(
        targets: [String], scrapeInterval: Double = 1, metricsPath: String = "/stats/prometheus", deadline: Double = 30
    ) async throws -> PrometheusServer {
        guard let binary else { throw DemoError("prometheus is not installed (apt-get install prometheus)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-prometheus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try config(targets: targets, scrapeInterval: scrapeInterval, metricsPath: metricsPath).write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        // A free port: bound by a listener of ours, then handed over.
        let probe = try await LoopbackHTTPServer.start(host: "127.0.0.1", port: 0) { _, _ in }
        let port = probe.port
        await probe.shutdown()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn", "--storage.tsdb.retention.time=1h",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = PrometheusServer(url: "http://127.0.0.1:\(port)", process: process, directory: directory)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = http.shutdown() }
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(deadline) {
            if !process.isRunning { break }
            if let response = try? await http.execute(HTTPClientRequest(url: server.url + "/-/ready"), timeout: .seconds(1)),
                response.status == .ok {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await server.stop()
        throw DemoError("prometheus did not become ready within \(Int(deadline)) s")
    }

    /// Stops Prometheus and removes its directory.
    public func stop() async {
        if process.isRunning {
            process.terminate()
            let start = ContinuousClock.now
            while process.isRunning, ContinuousClock.now - start < .seconds(10) { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
