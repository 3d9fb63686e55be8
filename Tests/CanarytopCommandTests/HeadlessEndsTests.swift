import CanaryTesting
import Foundation
import Testing

/// Every headless run ends on its own and prints its summary in time: `--duration`,
/// `--requests` and `--until` × `--rate max` and a fixed rate × concurrency 1…256 × a server
/// that answers at once, one that never answers, and one that closes every connection after
/// its reply. Each run is the built binary, killed if it outlives its deadline (the test then
/// fails, it never hangs the suite).
@Suite(.sharedMachine) struct HeadlessEndsTests {
    enum Limit: String, CaseIterable, Sendable {
        case duration, requests, until
    }

    enum Server: String, CaseIterable, Sendable {
        case fast, stall, close

        /// The per-request timeout: short against the server that stalls, where it decides how
        /// long the run takes; generous against the others, so that a loaded machine (256
        /// connections opened at once, in a debug build) still sees replies.
        var requestTimeout: Double { self == .stall ? 0.3 : 2 }

        func reply() -> HostileServer.Reply {
            let body = Array(WatchCommandTests.trace(WatchCommandTests.blueIP).utf8)
            switch self {
            case .fast: return .answer(status: 200, body: body)
            case .stall: return .stall
            case .close: return .answerThenClose(status: 200, body: body)
            }
        }
    }

    struct Combination: Sendable, CustomTestStringConvertible {
        var limit: Limit
        var rate: String
        var concurrency: Int
        var testDescription: String { "--\(limit.rawValue) --rate \(rate) --concurrency \(concurrency)" }
    }

    static let combinations: [Combination] = Limit.allCases.flatMap { limit in
        ["max", "500"].flatMap { rate in [1, 8, 64, 256].map { Combination(limit: limit, rate: rate, concurrency: $0) } }
    }

    static let duration = 0.4
    static let untilTimeout = 0.8
    /// Runs at once: each probes at full speed, and the machine has two cores.
    static let slots = Slots(3)

    /// Seconds the run may take on the probe's own clock, as the README promises: the duration
    /// plus the request timeout; for `--requests`, the sends plus the rounds of timeouts the
    /// in-flight cap makes; for `--until`, its `--timeout` (requests in flight are not waited for).
    static func bound(_ c: Combination, _ server: Server, requests: Int) -> Double {
        let requestTimeout = server.requestTimeout
        switch c.limit {
        case .duration: return duration + requestTimeout
        case .until: return untilTimeout
        case .requests:
            let sending = c.rate == "max" ? 0 : Double(requests) / 500
            let rounds = requests <= 2 * c.concurrency ? 2 : requests
            return sending + Double(rounds) * requestTimeout
        }
    }

    @Test(arguments: combinations)
    func theRunEndsOnItsOwnWithinItsBound(_ c: Combination) async throws {
        for server in Server.allCases {
            let requests = c.concurrency + 3
            var arguments = ["--headless", "--json", "--rate", c.rate, "--concurrency", String(c.concurrency)]
            let timeout = "\(server.requestTimeout)s"
            switch c.limit {
            case .duration: arguments += ["--duration", "\(Self.duration)s", "--timeout", timeout]
            case .requests: arguments += ["--requests", String(requests), "--timeout", timeout]
            case .until: arguments += ["--until", "verdict", "--timeout", "\(Self.untilTimeout)s", "--request-timeout", timeout, "--stable", "blue"]
            }
            let bound = Self.bound(c, server, requests: requests)
            let command = ["watch"] + arguments + ["--subset", "blue=ip:\(WatchCommandTests.blueIP)"]
            let what = "\(c.testDescription) against a \(server) server"
            let end = try await Self.slots.run {
                let hostile = try await HostileServer.start { _, _ in server.reply() }
                defer { Task { await hostile.shutdown() } }
                let child = try ChildProcess(Canarytop.binary.path, command + [hostile.url])
                return await child.wait(deadline: bound + 20)
            }
            // The hang check is the deadline (bound + 20 s of wall time: a debug binary starting
            // beside two others on a loaded 2-core machine); the promise itself is checked on the
            // probe's own clock, below (elapsed_s).
            #expect(end.exitedOnItsOwn, "\(what): killed after \(end.seconds) s")
            #expect(end.status == (c.limit == .until ? 3 : 0), "\(what): \(end.stderr)")
            guard let report = try? JSONSerialization.jsonObject(with: Data(end.stdout.utf8)) as? [String: Any] else {
                Issue.record("\(what): no JSON summary: \(end.stdout) \(end.stderr)")
                continue
            }
            check(report, c, server, requests: requests, bound: bound, what)
        }
    }

    private func check(_ report: [String: Any], _ c: Combination, _ server: Server, requests: Int, bound: Double, _ what: String) {
        let elapsed = report["elapsed_s"] as? Double ?? .infinity
        // The summary came out within the promise, on the probe's own clock (plus a loaded
        // machine's scheduling; a hang is many times this).
        #expect(elapsed <= bound + 2, "\(what): summary after \(elapsed) s")
        let total = report["requests"] as? Int ?? -1
        let replies = report["replies"] as? Int ?? -1
        let errors = report["probe_errors"] as? [String: Any]
        let faults = errors?["requests"] as? Int ?? -1
        let byClass = errors?["by_class"] as? [String: Int] ?? [:]
        let sends = report["sends"] as? [String: Int] ?? [:]
        #expect(total == replies + faults, "\(what)")
        if c.limit != .until {
            #expect(sends["in_flight"] == 0, "\(what): waited for every request in flight")
            #expect(sends["sent"] == total, "\(what)")
        }
        if c.limit == .requests { #expect(total == requests, "\(what)") }
        if c.limit == .until {
            #expect(report["result"] as? String == "timeout", "\(what)")
            #expect(report["exit"] as? Int == 3, "\(what)")
        }
        switch server {
        case .fast, .close:
            // Timeouts may happen on a loaded machine; a reset never: a connection closed after
            // its reply is retried on a fresh one.
            #expect(byClass["reset"] == 0, "\(what): \(byClass)")
            #expect(faults == (byClass["timeout"] ?? 0), "\(what): \(byClass)")
            #expect(replies > 0, "\(what)")
        case .stall:
            #expect(replies == 0, "\(what)")
            #expect(faults == byClass["timeout"], "\(what): \(byClass)")
        }
    }
}
