import CanaryCore
import Foundation

/// Prometheus's own software as oracles for `/metrics`: `promtool check metrics`, the Python
/// client's two parsers, and the `prometheus` server itself. Debian's `prometheus` and
/// `python3-prometheus-client` packages provide them (.ci/run installs both); a test says when
/// one is absent and checks what it can without it.
public enum PrometheusTools {
    /// One sample as the Python client read it.
    public struct Sample: Sendable, Equatable {
        /// The family's name (OpenMetrics: without `_total`), its type and unit.
        public var family: String
        public var type: String
        public var unit: String
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    /// `name` on the PATH (or in /usr/bin), when it is installed.
    public static func installed(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `promtool check metrics < text`: its exit status and what it said (lint problems included).
    public static func checkMetrics(_ text: String, promtool: String) async throws -> (status: Int32, output: String) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/metrics.txt"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let child = try ChildProcess("/bin/sh", ["-c", "exec \"$0\" check metrics < \"$1\"", promtool, file])
        let end = await child.wait(deadline: 60)
        return (end.status, end.stdout + end.stderr)
    }

    /// What is wrong with `text` in the Prometheus text format, empty when nothing: `promtool
    /// check metrics` when it is installed (any exit status but 0, and anything it says, lint
    /// included), else — saying so on standard output — the problems our own parser finds.
    public static func problems(in text: String) async throws -> String {
        guard let promtool = installed("promtool") else {
            print("promtool is not installed (Debian: apt-get install prometheus): checked with our parser only")
            return PromTextParser.parse(text).problems.map(\.description).joined(separator: "\n")
        }
        let (status, output) = try await checkMetrics(text, promtool: promtool)
        return status == 0 && output.isEmpty ? "" : "promtool (exit \(status)): \(output)"
    }

    /// A python3 that has the `prometheus_client` module (Debian's /usr/bin/python3 first: a
    /// pyenv shim may come first on the PATH without it).
    public static func pythonWithClient() async -> String? {
        for candidate in ["/usr/bin/python3", installed("python3")].compactMap({ $0 }) {
            guard FileManager.default.isExecutableFile(atPath: candidate),
                let child = try? ChildProcess(candidate, ["-c", "import prometheus_client.openmetrics.parser"])
            else { continue }
            if await child.wait(deadline: 60).status == 0 { return candidate }
        }
        return nil
    }

    /// `text` read by `prometheus_client.parser.text_string_to_metric_families`, or with
    /// `openMetrics` by `prometheus_client.openmetrics.parser`'s (which insists on `# EOF`).
    public static func pythonParse(_ text: String, openMetrics: Bool, python: String) async throws -> [Sample] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/metrics.txt"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families as text
            from prometheus_client.openmetrics.parser import text_string_to_metric_families as om
            parse = om if sys.argv[1] == "om" else text
            out = []
            for f in parse(open(sys.argv[2], encoding="utf-8").read()):
                for s in f.samples:
                    out.append({"family": f.name, "type": f.type, "unit": getattr(f, "unit", ""),
                                "name": s.name, "labels": s.labels, "value": s.value})
            print(json.dumps(out))
            """
        let child = try ChildProcess(python, ["-c", script, openMetrics ? "om" : "text", file])
        let end = await child.wait(deadline: 60)
        guard end.status == 0 else { throw ToolFailure(description: "python's parser refused the text: \(end.stderr)") }
        guard let items = try JSONSerialization.jsonObject(with: Data(end.stdout.utf8)) as? [[String: Any]] else {
            throw ToolFailure(description: "python printed no list: \(end.stdout)")
        }
        return items.map { item in
            Sample(
                family: item["family"] as? String ?? "", type: item["type"] as? String ?? "", unit: item["unit"] as? String ?? "",
                name: item["name"] as? String ?? "", labels: item["labels"] as? [String: String] ?? [:],
                value: (item["value"] as? NSNumber)?.doubleValue ?? .nan)
        }
    }

    public struct ToolFailure: Error, CustomStringConvertible {
        public var description: String
    }
}
