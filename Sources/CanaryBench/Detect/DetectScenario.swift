import CanaryApp
import CanaryCore
import CanaryDemo

/// What `bench detect` runs the headless guard against: the demo with green broken one way.
public enum DetectScenario: Sendable {
    /// The workshop's bug: green's calls to currency time out after 5 s; `--slo 1s`.
    case workshop(rate: Double)
    /// Green fails 2 % of its requests (fake-service's ERROR_RATE); no SLO.
    case subtle(rate: Double)
    /// The workshop's bug without `--slo`: nothing is known until green's first replies end.
    case workshopWithoutSLO(rate: Double)

    public var name: String {
        switch self {
        case .workshop: return "workshop_timeout"
        case .subtle: return "subtle_errors"
        case .workshopWithoutSLO: return "workshop_timeout_no_slo"
        }
    }

    public var title: String {
        switch self {
        case .workshop(let rate): return "workshop bug (green times out after 5 s), --slo 1s, \(Self.text(rate))/s"
        case .subtle(let rate): return "subtle canary (green fails 2 % of requests), no SLO, \(Self.text(rate))/s"
        case .workshopWithoutSLO(let rate): return "for comparison: workshop bug without --slo, \(Self.text(rate))/s"
        }
    }

    /// Seconds from split to rollback the guard should stay within.
    public var target: Double? {
        switch self {
        case .workshop: return 2
        case .subtle, .workshopWithoutSLO: return nil
        }
    }

    public var rate: Double {
        switch self {
        case .workshop(let rate), .subtle(let rate), .workshopWithoutSLO(let rate): return rate
        }
    }

    func configuration(seed: UInt64, source: DetectSource = .probe) -> DemoConfiguration {
        var c = DemoConfiguration()
        c.webPort = .exact(0)
        c.consulPort = .exact(0)
        c.sidecarPort = .exact(0)
        c.seed = seed
        if source != .probe {
            // Real traffic for the sidecars to count, at the probe's rate; Envoy's 5 s flush.
            c.users = Int(rate.rounded())
            c.statsFlush = source.statsFlush
        }
        switch self {
        case .workshop, .workshopWithoutSLO:
            c.greenBug = .timeout
        case .subtle:
            c.greenBug = .errors
            c.greenErrorRate = 0.02
        }
        return c
    }

    /// How the canaries are judged: `--slo 1s` for the workshop's bug.
    var verdict: VerdictPolicy {
        var policy = VerdictPolicy()
        if case .workshop = self { policy.slo = 1 }
        return policy
    }

    public static func text(_ rate: Double) -> String {
        FixedPoint.format(rate, digits: rate == rate.rounded() ? 0 : 1)
    }
}

/// Where `bench detect`'s guard reads its numbers.
public enum DetectSource: Sendable, Equatable {
    /// Its own probe (the demo's web, attributed by IP).
    case probe
    /// `--probe off --envoy-admin …`: web's sidecar stats, flushed every 5 s as Envoy's are.
    case envoy
    /// `--probe off --prometheus …`: a real Prometheus scraping the sidecars every `scrape` seconds.
    case prometheus(scrape: Double)

    public var name: String {
        switch self {
        case .probe: return "probe"
        case .envoy: return "envoy"
        case .prometheus: return "prometheus"
        }
    }

    /// The sidecars' stats flush interval in these runs (Envoy's default).
    var statsFlush: Double { 5 }

    /// The floor: the least time after which this source can show a change — the stats flush,
    /// plus Prometheus' scrape; the probe has none.
    public var floor: Double {
        switch self {
        case .probe: return 0
        case .envoy: return statsFlush
        case .prometheus(let scrape): return statsFlush + scrape
        }
    }

    /// The watch's passive settings: every sidecar, or the one Prometheus.
    func settings(sidecars urls: [String], flush: Double) -> PassiveSettings {
        let sourceSettings: PassiveSettings.Source
        switch self {
        case .prometheus(let scrape): sourceSettings = .prometheus(urls[0], backfill: 0, step: scrape)
        case .probe, .envoy: sourceSettings = .envoy(urls)
        }
        return PassiveSettings(source: sourceSettings, interval: 0.5, sampleRule: PassiveSampleRule(flushInterval: flush))
    }
}
