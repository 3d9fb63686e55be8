import CanaryCore
import CanaryHTTP
import CanaryTesting
import Foundation
import Testing

/// `canarytop watch --metrics-addr` end to end: the built binary probing the demo mesh, its
/// `/metrics` scraped when the run is over and compared with the summary it printed — by our
/// parser, by `promtool check metrics`, by the Python client's OpenMetrics parser, and by a real
/// Prometheus scraping it every second.
@Suite(.sharedMachine) struct MetricsCommandTests {
    static let rules = ["--subset", "blue=ip:10.42.0.10", "--subset", "green=ip:10.42.0.19"]

    @Test(arguments: [
        ("nonsense", "Error: --metrics-addr \"nonsense\": expected HOST:PORT, like 127.0.0.1:9464\n"),
        ("127.0.0.1:70000", "Error: --metrics-addr \"127.0.0.1:70000\": the port must be a number from 0 to 65535\n"),
        (":9464", "Error: --metrics-addr \":9464\": no host (use 127.0.0.1, or 0.0.0.0 for every interface)\n"),
    ])
    func aBadAddressIsRefusedInOneLine(_ address: String, _ expected: String) async throws {
        let r = try await Canarytop.runAsync(["watch", "http://127.0.0.1:1/", "--headless", "--requests", "1", "--metrics-addr", address])
        #expect(r.status == 1)
        #expect(r.stderr == expected)
    }

    @Test func lingeringNeedsAnAddressAndAHeadlessRun() async throws {
        let alone = try await Canarytop.runAsync(["watch", "http://127.0.0.1:1/", "--headless", "--requests", "1", "--metrics-linger", "5s"])
        #expect(alone.status == 1 && alone.stderr == "Error: --metrics-linger needs --metrics-addr\n")
        let dashboard = try await Canarytop.runAsync(["watch", "http://127.0.0.1:1/", "--metrics-addr", "127.0.0.1:0", "--metrics-linger", "5s"])
        #expect(dashboard.status == 1 && dashboard.stderr.hasPrefix("Error: --metrics-linger needs --headless"))
    }

    @Test func anAddressInUseStopsTheWatchBeforeItSendsAnything() async throws {
        let target = try await HostileServer.start { _, _ in HostileServer.text(200, "ok") }
        let taken = try await LoopbackHTTPServer.start { _, respond in respond(.init(status: .ok)) }
        let r = try await Canarytop.runAsync(
            ["watch", target.url, "--headless", "--requests", "5", "--metrics-addr", "127.0.0.1:\(taken.port)"])
        let sent = target.requests
        await taken.shutdown()
        await target.shutdown()
        #expect(r.status == 1)
        #expect(r.stderr == "Error: --metrics-addr 127.0.0.1:\(taken.port): the address is already in use (is another canarytop or exporter on it?)\n")
        #expect(sent == 0)
    }

    @Test func theLastScrapeEqualsThePrintedSummaryAndPrometheusAgrees() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--latency-scale", "0",
             "--green-bug", "errors"])
        var failure: (any Error)?
        do {
            let web = try #require(demo.value("web"))
            let splitter = try #require(demo.value("splitter"))
            let resolver = try #require(demo.value("resolver"))
            let port = try PlainHTTP.freePort()
            // The summary's last line is the pretty JSON's closing brace; /metrics then still serves.
            let watch = try await DemoProcess.start(
                ["watch", web + "/", "--headless", "--requests", "300", "--rate", "300", "--json", "--splitter", splitter,
                 "--resolver", resolver, "--metrics-addr", "127.0.0.1:\(port)", "--metrics-linger", "300s"] + Self.rules,
                ready: { $0 == "}" })
            do {
                let summary = try #require(
                    JSONSerialization.jsonObject(with: Data(watch.lines.joined(separator: "\n").utf8)) as? [String: Any])
                try await compare(port: port, summary: summary)
            } catch {
                failure = error
            }
            let (status, stderr) = await watch.stop(signal: SIGTERM)
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains("canarytop: serving metrics on http://127.0.0.1:\(port)/metrics"))
        } catch {
            failure = failure ?? error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    /// Every count of `summary` against the scrape, in both formats and by each tool present.
    private func compare(port: Int, summary: [String: Any]) async throws {
        let text = try await PlainHTTP.get(port: port, path: "/metrics")
        #expect(text.status == 200 && text.headers["content-type"] == MetricsFormat.text.contentType)
        let open = try await PlainHTTP.get(port: port, path: "/metrics", headers: [("Accept", "application/openmetrics-text; version=1.0.0")])
        #expect(open.headers["content-type"] == MetricsFormat.openMetrics.contentType)

        let rows = try #require(summary["subsets"] as? [[String: Any]]) + [try #require(summary["unattributed"] as? [String: Any])]
        var expected: [String: Double] = [:]   // subset/code_class → count
        for row in rows {
            let name = try #require(row["name"] as? String)
            let requests = try #require(row["requests"] as? Int)
            let x5 = try #require(row["http_5xx"] as? Int), x4 = try #require(row["http_4xx"] as? Int)
            let x3 = try #require(row["http_3xx"] as? Int)
            expected[name + "/5xx"] = Double(x5)
            expected[name + "/4xx"] = Double(x4)
            expected[name + "/3xx"] = Double(x3)
            expected[name + "/2xx"] = Double(requests - x5 - x4 - x3)
        }
        #expect(expected["green/5xx"] ?? 0 > 0, "the demo's green answers 500 half the time")
        let faults = try #require((summary["probe_errors"] as? [String: Any])?["by_class"] as? [String: Int])
        let epoch = try #require((summary["epoch"] as? [String: Any])?["number"] as? Int)

        for body in [text.body, open.body] {
            let parsed = PromTextParser.parse(body)
            #expect(parsed.problems.isEmpty, "\(parsed.problems)")
            var seen: [String: Double] = [:]
            for sample in parsed.samples where sample.name == "canarytop_requests_total" {
                #expect(sample.labels["service"] == "payments")
                seen["\(sample.labels["subset"] ?? "?")/\(sample.labels["code_class"] ?? "?")"] = sample.value
            }
            #expect(seen == expected)
            for (fault, count) in faults {
                let value = parsed.samples.first { $0.name == "canarytop_probe_faults_total" && $0.labels["class"] == fault }?.value
                #expect(value == Double(count), "\(fault)")
            }
            #expect(parsed.samples.first { $0.name == "canarytop_epoch" }?.value == Double(epoch))
            for row in rows {
                let name = row["name"] as? String
                let count = parsed.samples.first { $0.name == "canarytop_request_duration_seconds_count" && $0.labels["subset"] == name }
                #expect(count?.value == Double(row["requests"] as? Int ?? -1), "\(name ?? "")")
                if let weight = row["weight"] as? Double {
                    let gauge = parsed.samples.first { $0.name == "canarytop_splitter_weight" && $0.labels["subset"] == name }
                    #expect(gauge?.value == weight / 100, "\(name ?? "")")
                }
            }
        }
        #expect(open.body.hasSuffix("# EOF\n"))

        if let promtool = PrometheusTools.installed("promtool") {
            let (status, output) = try await PrometheusTools.checkMetrics(text.body, promtool: promtool)
            #expect(status == 0 && output.isEmpty, "promtool: \(output)")
        } else {
            print("promtool is not installed (Debian: prometheus): the scrape was checked with our parser only")
        }
        if let python = await PrometheusTools.pythonWithClient() {
            let theirs = try await PrometheusTools.pythonParse(open.body, openMetrics: true, python: python)
            var seen: [String: Double] = [:]
            for sample in theirs where sample.name == "canarytop_requests_total" {
                seen["\(sample.labels["subset"] ?? "?")/\(sample.labels["code_class"] ?? "?")"] = sample.value
            }
            #expect(seen == expected)
        } else {
            print("python3 with prometheus_client is not installed (Debian: python3-prometheus-client): not read by it")
        }
        if PrometheusTools.installed("prometheus") != nil {
            let scraped = try await PrometheusScrape.requestsTotal(target: "127.0.0.1:\(port)", expected: expected)
            #expect(scraped == expected)
        } else {
            print("prometheus is not installed (Debian: prometheus): no real scrape")
        }
    }
}
