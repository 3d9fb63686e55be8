import CanaryDemo
import Foundation

/// What a real Prometheus (CanaryDemo's ``PrometheusServer``) reads from a `/metrics` endpoint.
public enum PrometheusScrape {
    /// Runs Prometheus scraping `target`'s `/metrics` every second and asks its HTTP API for
    /// `canarytop_requests_total` (an instant query) until the answer is `expected`
    /// (`subset/code_class` → value), or 90 s pass; returns the last answer. Prometheus is
    /// stopped either way.
    public static func requestsTotal(target: String, expected: [String: Double]) async throws -> [String: Double] {
        let server = try await PrometheusServer.start(targets: [target], scrapeInterval: 1, metricsPath: "/metrics")
        let started = ContinuousClock.now
        var last: [String: Double] = [:]
        var problem = "no answer yet"
        while ContinuousClock.now - started < .seconds(90) {
            do {
                let reply = try await PlainHTTP.get(port: server.port, path: "/api/v1/query?query=canarytop_requests_total", timeout: 5)
                last = try values(reply.body)
                if last == expected { break }
                problem = "answered \(last)"
            } catch {
                problem = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        await server.stop()
        if last.isEmpty { throw PrometheusTools.ToolFailure(description: "prometheus never answered (\(problem))") }
        return last
    }

    /// `subset/code_class` → value from an instant query's vector.
    static func values(_ body: String) throws -> [String: Double] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            object["status"] as? String == "success",
            let result = (object["data"] as? [String: Any])?["result"] as? [[String: Any]]
        else { throw PrometheusTools.ToolFailure(description: "not a successful query: \(body.prefix(400))") }
        var out: [String: Double] = [:]
        for item in result {
            guard let metric = item["metric"] as? [String: String], let value = item["value"] as? [Any], value.count == 2,
                let text = value[1] as? String, let number = Double(text)
            else { continue }
            out["\(metric["subset"] ?? "?")/\(metric["code_class"] ?? "?")"] = number
        }
        return out
    }
}
