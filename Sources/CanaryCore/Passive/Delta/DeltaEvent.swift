/// Something the delta engine noticed while reading a source: shown as an event, never
/// folded into a count.
public enum DeltaEvent: Sendable, Equatable {
    /// The first read of a source: its counters are the baseline, not counted.
    case baseline(source: String, series: Int)
    /// A source first read after the start whose uptime shows it started while we watched:
    /// its counters are counted from zero.
    case startedWhileWatching(source: String, series: Int)
    /// The proxy behind a source restarted: every counter of it starts again from zero, and its
    /// new values are counted in full.
    case restarted(source: String, reason: RestartReason)
    /// Counters of a source went down (each a reset: its new value is what it counted since).
    case countersReset(source: String, series: Int)
    /// Every series of a source vanished (a restart with no traffic yet, or a gap in scraping).
    case vanished(source: String, series: Int)
    /// Series of a source that had vanished are back.
    case returned(source: String, series: Int)
    /// New series could not be kept: the engine holds ``DeltaEngine/maxSeries`` already.
    case seriesLimit(source: String, dropped: Int)

    /// How a restart was told.
    public enum RestartReason: String, Sendable, Equatable {
        /// `envoy_server_uptime` went down.
        case uptimeDropped = "uptime dropped"
        /// The start time implied by the uptime moved later than the tolerance allows: it restarted
        /// while not being read.
        case startMovedLater = "started again while unread"
    }

    /// The source the event is about.
    public var source: String {
        switch self {
        case .baseline(let s, _), .startedWhileWatching(let s, _), .restarted(let s, _), .countersReset(let s, _),
            .vanished(let s, _), .returned(let s, _), .seriesLimit(let s, _):
            return s
        }
    }

    /// One line for the dashboard's events (source text cleaned for the terminal).
    public var summary: String {
        let name = TerminalSafe.clean(source, limit: 60)
        switch self {
        case .baseline(_, let n): return "\(name): baseline of \(n) series (not counted)"
        case .startedWhileWatching(_, let n): return "\(name): started while watched, \(n) series counted from zero"
        case .restarted(_, let reason): return "\(name): proxy restarted (\(reason.rawValue)), counters start again from zero"
        case .countersReset(_, let n): return "\(name): \(n) counter\(n == 1 ? "" : "s") reset"
        case .vanished(_, let n): return "\(name): all \(n) series vanished"
        case .returned(_, let n): return "\(name): \(n) series back"
        case .seriesLimit(_, let n): return "\(name): \(n) new series dropped (series limit)"
        }
    }
}
