import CanaryCore
import Foundation
import Synchronization

/// `web`'s Envoy sidecar as far as its stats go: per payments subset, what Envoy counts for
/// the upstream cluster `<subset>.payments.default.dc1.internal.<trust domain>`, served as
/// `GET /stats/prometheus[?usedonly][&filter=<regex>]` in Envoy's text format with Consul's
/// stats tags.
///
/// As Envoy does: counters are live; the latency histogram and the uptime reach the admin view
/// only at each stats flush (every ``flushInterval`` seconds; 0: at every read); `usedonly`
/// leaves out stats never written (an idle subset is absent, not zero); everything is
/// cumulative since the proxy started and ``restart()`` sets it all back to zero.
///
/// It also keeps the **ground truth** — every call it saw, across restarts — for tests to
/// compare what canarytop counted with.
public final class EnvoySidecar: Sendable {
    /// The trust domain in the cluster names (`<cluster uuid>.consul`).
    public static let trustDomain = "7c1f0e2a-0d2b-4c7e-9a51-3f0b8c6d1e42.consul"

    public let flushInterval: Double
    private let clock: @Sendable () -> Double

    private struct State {
        var started: Double
        /// Live since the proxy started.
        var live: [String: SidecarCounts] = [:]
        /// Histograms as of the last flush.
        var flushed: [String: SidecarCounts] = [:]
        var lastFlush: Double
        /// Timings since the last flush: (time, subset, ms).
        var pending: [(Double, String, Int)] = []
        var truth: [String: SidecarCounts] = [:]
        var restarts = 0
    }

    private let state: Mutex<State>

    /// A sidecar started now; `clock` gives seconds on any steady timeline.
    public init(flushInterval: Double = 5, clock: @escaping @Sendable () -> Double) {
        self.flushInterval = flushInterval
        self.clock = clock
        let now = clock()
        state = Mutex(State(started: now, lastFlush: now))
    }

    /// How one call to payments ended, as Envoy saw it.
    public enum Outcome: Sendable, Equatable {
        /// A reply with this status after `seconds`.
        case reply(status: Int, seconds: Double)
        /// No reply within the timeout: Envoy answers 504 and times nothing.
        case timeout
        /// The connection failed: Envoy answers 503 and times nothing.
        case connectFailure
    }

    /// A call to `subset` was sent.
    public func sent(to subset: String) {
        state.withLock { s in
            s.live[subset, default: SidecarCounts()].sent += 1
            s.live[subset, default: SidecarCounts()].active += 1
            s.truth[subset, default: SidecarCounts()].sent += 1
        }
    }

    /// A call to `subset` ended.
    public func finished(_ subset: String, _ outcome: Outcome) {
        let now = clock()
        state.withLock { s in
            func record(_ counts: inout SidecarCounts) {
                counts.active = max(0, counts.active - 1)
                switch outcome {
                case .reply(let status, _):
                    counts.byClass[min(5, max(1, status / 100)), default: 0] += 1
                case .timeout:
                    counts.timeouts += 1
                    counts.byClass[5, default: 0] += 1
                case .connectFailure:
                    counts.connectFailures += 1
                    counts.byClass[5, default: 0] += 1
                }
            }
            record(&s.live[subset, default: SidecarCounts()])
            record(&s.truth[subset, default: SidecarCounts()])
            if case .reply(_, let seconds) = outcome {
                let ms = Int((seconds * 1000).rounded(.down))
                s.pending.append((now, subset, ms))
                s.truth[subset, default: SidecarCounts()].time(ms)
            }
        }
    }

    /// The proxy restarts: every stat starts again from zero, the uptime too. Requests in flight
    /// are lost to the new process's counters (the ground truth keeps them).
    public func restart() {
        let now = clock()
        state.withLock { s in
            s.live = [:]
            s.flushed = [:]
            s.pending = []
            s.started = now
            s.lastFlush = now
            s.restarts += 1
        }
    }

    /// Every call seen since the demo started, per subset, across restarts.
    public var groundTruth: [String: SidecarCounts] { state.withLock { $0.truth } }

    /// `GET /stats/prometheus` with `usedonly` and `filter` (Envoy's regex, searched in each
    /// stat's dotted name) as given.
    public func prometheusText(usedOnly: Bool, filter: String?) -> String {
        let now = clock()
        let (live, flushed, uptime) = state.withLock { s -> ([String: SidecarCounts], [String: SidecarCounts], Int) in
            flush(&s, now: now)
            return (s.live, s.flushed, Int(s.lastFlush - s.started))
        }
        let regex = filter.flatMap { try? Regex($0) }
        if filter != nil, regex == nil { return "" }
        return SidecarStatsText.render(
            live: live, flushed: flushed, uptime: uptime, usedOnly: usedOnly,
            keep: { name in regex.map { (try? $0.firstMatch(in: name)) != nil } ?? true })
    }

    /// Moves the timings recorded before the latest flush boundary into the flushed histograms.
    private func flush(_ s: inout State, now: Double) {
        let boundary = flushInterval > 0 ? s.started + ((now - s.started) / flushInterval).rounded(.down) * flushInterval : now
        guard boundary > s.lastFlush || flushInterval == 0 else { return }
        s.lastFlush = boundary
        var keep: [(Double, String, Int)] = []
        for entry in s.pending {
            if entry.0 <= boundary { s.flushed[entry.1, default: SidecarCounts()].time(entry.2) } else { keep.append(entry) }
        }
        s.pending = keep
    }
}
