import ArgumentParser
import CanaryApp
import CanaryCore

/// Where a watch reads the mesh's own counts, beside or instead of its probe: `web`'s Envoy
/// sidecars or a Prometheus that scrapes them. Turned into ``PassiveSettings``.
struct PassiveOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "on (default): probe the URL; off: send nothing and judge on --envoy-admin or --prometheus alone (no URL needed).",
        valueName: "on|off"))
    var probe = "on"

    @Option(name: .customLong("envoy-admin"), help: ArgumentHelp(
        "A web replica's Envoy admin (or /stats listener) address, read with GET /stats/prometheus?usedonly&filter=…; repeatable, one per replica.",
        valueName: "url"))
    var envoyAdmin: [String] = []

    @Option(help: ArgumentHelp(
        "A Prometheus server scraping the sidecars: raw counters and _bucket series by instant queries (never rate), after a back-fill.",
        valueName: "url"))
    var prometheus: String?

    @Option(help: ArgumentHelp(
        "PromQL label matchers every series must pass (default: local_cluster=\"web\",consul_destination_service=\"<service>\").",
        valueName: "matchers"))
    var selector: String?

    @Option(help: ArgumentHelp("The destination service whose subsets are counted (default: the resolver's name).", valueName: "name"))
    var service: String?

    @Option(help: ArgumentHelp("How often the sidecars or Prometheus are read (default 1s).", valueName: "duration"))
    var pollInterval = "1s"

    @Option(help: ArgumentHelp("With --prometheus: back-fill this much history at start (default 5m; 0: none).", valueName: "duration"))
    var backfill: String?

    @Option(help: ArgumentHelp(
        "Envoy's stats flush interval (default 5s): a passive verdict waits one flush into the epoch, as histograms arrive only then.",
        valueName: "duration"))
    var statsFlush = "5s"

    /// Whether a passive source is given.
    var isGiven: Bool { !envoyAdmin.isEmpty || prometheus != nil }

    /// Whether the probe sends.
    var probing: Bool { probe.lowercased() != "off" }

    func validate() throws {
        guard ["on", "off"].contains(probe.lowercased()) else { throw ValidationError("--probe must be on or off") }
        if !probing && !isGiven { throw ValidationError("--probe off needs --envoy-admin URL or --prometheus URL") }
        if !envoyAdmin.isEmpty && prometheus != nil { throw ValidationError("give --envoy-admin or --prometheus, not both") }
        let urls = envoyAdmin.map { ("--envoy-admin", $0) } + (prometheus.map { [("--prometheus", $0)] } ?? [])
        for (option, url) in urls where !Self.isHTTPURL(url) {
            throw ValidationError("\(option) \"\(TerminalSafe.clean(url, limit: 120))\": expected an http:// or https:// URL with a host")
        }
        if let service, service.isEmpty { throw ValidationError("--service must name a service") }
        if let selector {
            do throws(PromSelectorError) {
                _ = try PromSelector.parse(selector)
            } catch {
                throw ValidationError("--selector: \(error.message)")
            }
            if !isGiven { throw ValidationError("--selector needs --envoy-admin or --prometheus") }
        }
        if try ProbeOptions.duration(pollInterval, option: "--poll-interval") < 0.05 {
            throw ValidationError("--poll-interval must be at least 50ms")
        }
        if let backfill {
            if prometheus == nil { throw ValidationError("--backfill needs --prometheus (Envoy keeps no history)") }
            _ = try ProbeOptions.duration(backfill, option: "--backfill")
        }
        _ = try ProbeOptions.duration(statsFlush, option: "--stats-flush")
    }

    /// `http://host…` or `https://host…`: a scheme and a host, nothing the reader cannot ask.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let rest = ["http://", "https://"].first(where: { text.lowercased().hasPrefix($0) }).map({ text.dropFirst($0.count) }) else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && !host.hasPrefix(":") && !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
    }

    /// The settings, or `nil` without a passive source.
    func settings() throws -> PassiveSettings? {
        guard isGiven else { return nil }
        let interval = try ProbeOptions.duration(pollInterval, option: "--poll-interval")
        let source: PassiveSettings.Source
        if let prometheus {
            source = .prometheus(prometheus, backfill: try ProbeOptions.duration(backfill ?? "5m", option: "--backfill"), step: max(1, interval))
        } else {
            source = .envoy(envoyAdmin)
        }
        var matchers: [PromMatcher]?
        if let selector {
            do throws(PromSelectorError) {
                matchers = try PromSelector.parse(selector)
            } catch {
                throw ValidationError("--selector: \(error.message)")
            }
        }
        return PassiveSettings(
            source: source, service: service, selector: matchers, interval: interval, timeout: max(1, min(10, interval * 5)),
            sampleRule: PassiveSampleRule(flushInterval: try ProbeOptions.duration(statsFlush, option: "--stats-flush")))
    }
}
