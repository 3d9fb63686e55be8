/// One line of the events pane: weight changes, apply results, conflicts, fault bursts, errors.
public struct DashboardEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case info, change, warning, failure
    }

    /// Seconds since the watch started.
    public var time: Double
    public var kind: Kind
    /// The text, cleaned of control characters when it came from the network.
    public var text: String

    public init(time: Double, kind: Kind, text: String) {
        self.time = time
        self.kind = kind
        self.text = text
    }
}

/// The most recent events, newest last, at most `capacity` of them; repeats of the newest
/// event are counted instead of stored again.
public struct EventLog: Sendable, Equatable {
    public let capacity: Int
    public private(set) var events: [DashboardEvent] = []
    /// How many times the newest event repeated.
    public private(set) var repeats = 0
    /// How many distinct events were ever appended (repeats not counted): the newest
    /// `appended - n` events are the ones added since a reader saw `n`.
    public private(set) var appended = 0

    public init(capacity: Int = 200) {
        self.capacity = max(1, capacity)
    }

    public mutating func append(_ event: DashboardEvent) {
        if let last = events.last, last.text == event.text, last.kind == event.kind {
            repeats += 1
            events[events.count - 1].time = event.time
            return
        }
        repeats = 0
        appended += 1
        events.append(event)
        if events.count > capacity { events.removeFirst(events.count - capacity) }
    }

    /// The events appended since a reader had seen `seen` of them (as many as are still kept).
    public func since(_ seen: Int) -> ArraySlice<DashboardEvent> {
        events.suffix(max(0, min(appended - seen, events.count)))
    }
}

extension DashboardState {
    /// Adds a line to the events pane, stamped with the state's time.
    mutating func log(_ text: String, kind: DashboardEvent.Kind = .info) {
        events.append(DashboardEvent(time: now, kind: kind, text: text))
    }
}
