import CanaryCore
import CanaryDemo
import Foundation

/// What `canarytop demo` prints: one `key: value` line per thing started (easy to read for
/// people and for tests), then the commands to try.
struct DemoBanner {
    let mesh: DemoMesh
    let serveOnly: Bool
    /// How to invoke canarytop again (the path it was started by, or `canarytop`).
    let command: String

    var lines: [String] {
        let e = mesh.endpoints
        let c = mesh.configuration
        let files = mesh.files
        var out = ["canarytop demo: the workshop's mesh on loopback (fake-service look-alikes; no Kubernetes, Consul or Envoy)"]
        out += files.notes.map { "note: \($0)" }
        if e.webMoved, case .preferred(let p) = c.webPort { out.append("note: \(e.host):\(p) is in use, so web listens on port \(e.web)") }
        if e.consulMoved, case .preferred(let p) = c.consulPort {
            out.append("note: \(e.host):\(p) is in use, so the Consul stand-in listens on port \(e.consul)")
        }
        out.append("web: \(e.webURL)")
        for (index, port) in e.webReplicas.enumerated().dropFirst() { out.append("web replica \(index + 1): http://\(e.host):\(port)") }
        for (index, url) in e.sidecarURLs.enumerated() {
            out.append("sidecar\(e.sidecars.count > 1 ? " \(index + 1)" : ""): \(url)/stats/prometheus (web's Envoy stats for its calls to payments; flush every \(GoDuration.text(seconds: c.statsFlush)))")
        }
        if c.users > 0 { out.append("users: \(c.users) requests a second to web") }
        out.append("payments blue: http://\(e.host):\(e.blue) (\(DemoTopology.blueAddress), version 2)")
        out.append("payments green: http://\(e.host):\(e.green) (\(DemoTopology.greenAddress), version 3; \(greenBug))")
        out.append("currency: http://\(e.host):\(e.currency) (\(DemoTopology.currencyAddress))")
        out.append("consul: \(e.consulAddress) (a stand-in for Consul: config entries and health only)")
        out.append("resolver: \(files.resolverPath)")
        out.append("splitter: \(files.splitterPath)")
        out.append("traces: \(c.style == .current ? "current (upstream_calls as an object)" : "legacy (upstream_calls as an array)")")
        if !serveOnly {
            out.append("dashboard: opening (r rolls back, ? shows every key, q quits)")
        }
        out.append("try:")
        out.append("  curl -s \(e.webURL)")
        out.append("  curl -s \(e.webURL) | \(command) explain --subset blue=ip:\(DemoTopology.blueAddress) --subset green=ip:\(DemoTopology.greenAddress)")
        out.append("  curl -s '\(e.sidecarURLs[0])/stats/prometheus?usedonly'")
        out.append("  \(command) watch --probe off " + e.sidecarURLs.map { "--envoy-admin \($0)" }.joined(separator: " ")
            + " --resolver \(shellQuoted(files.resolverPath)) --splitter \(shellQuoted(files.splitterPath)) --read-only")
        out.append("  \(command) split rollback \(shellQuoted(files.splitterPath))")
        out.append("  CONSUL_HTTP_ADDR=\(e.consulAddress) \(command) split set \(shellQuoted(files.splitterPath)) green=10 --apply api")
        out.append("  curl -s 'http://\(e.consulAddress)/v1/health/service/payments?filter=Service.Meta.version%20%3D%3D%203'")
        return out
    }

    private var greenBug: String {
        let c = mesh.configuration
        var parts: [String] = []
        switch c.greenBug {
        case .timeout: parts.append("bug: its calls to currency time out after \(GoDuration.text(seconds: c.greenTimeout))")
        case .slow: parts.append("bug: slow, median \(GoDuration.text(seconds: c.greenDelay * c.latencyScale))")
        case .errors, .none: break
        }
        if c.effectiveGreenErrorRate > 0 { parts.append("bug: ERROR_RATE \(c.effectiveGreenErrorRate)") }
        return parts.isEmpty ? "no bug" : parts.joined(separator: "; ")
    }

    private func shellQuoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
