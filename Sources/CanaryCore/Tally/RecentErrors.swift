/// The last few distinct error texts of failing hops: what broke lately, in a bounded list.
///
/// Texts are kept as reported, cut to ``textLimit`` Unicode scalars (with `…`): they come
/// from the network, so pass them through ``TerminalSafe/clean(_:limit:)`` before drawing.
/// At most ``limit`` distinct texts are kept; a new one pushes out the one seen longest ago.
public struct RecentErrors: Sendable, Equatable {
    /// One distinct error text.
    public struct Entry: Sendable, Hashable {
        /// The text as reported, possibly cut (`"Error communicating with upstream service: …"`).
        public var text: String
        /// How often it was seen since it entered the list.
        public var count: Int
        /// When it was last seen, in the caller's seconds.
        public var lastSeen: Double

        /// An entry for `text`, seen `count` times, last at `lastSeen`.
        public init(text: String, count: Int, lastSeen: Double) {
            self.text = text
            self.count = count
            self.lastSeen = lastSeen
        }
    }

    /// How many distinct texts are kept unless told otherwise.
    public static let defaultLimit = 5
    /// How many Unicode scalars of one text are kept.
    public static let textLimit = 200

    /// How many distinct texts are kept at most.
    public let limit: Int
    /// The texts, seen longest ago first and most recently last.
    public private(set) var entries: [Entry] = []

    /// An empty list keeping at most `limit` texts.
    public init(limit: Int = RecentErrors.defaultLimit) {
        precondition(limit > 0, "RecentErrors needs room for at least one text")
        self.limit = limit
    }

    /// Notes that `text` was seen at time `t` (seconds).
    public mutating func record(_ text: String, at t: Double) {
        let key = Self.cut(text)
        var entry = Entry(text: key, count: 1, lastSeen: t)
        if let old = entries.firstIndex(where: { $0.text == key }) {
            entry.count += entries[old].count
            entry.lastSeen = Swift.max(t, entries[old].lastSeen)
            entries.remove(at: old)
        }
        insertInOrder(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Adds the texts of `other`: counts of the same text add up, and the most recent are kept.
    public mutating func merge(_ other: RecentErrors) {
        for theirs in other.entries {
            var entry = theirs
            if let old = entries.firstIndex(where: { $0.text == theirs.text }) {
                entry.count += entries[old].count
                entry.lastSeen = Swift.max(theirs.lastSeen, entries[old].lastSeen)
                entries.remove(at: old)
            }
            insertInOrder(entry)
        }
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Forgets every text.
    public mutating func reset() {
        entries.removeAll(keepingCapacity: true)
    }

    /// Puts `entry` after every entry seen no later than it, so equal times keep arrival order.
    private mutating func insertInOrder(_ entry: Entry) {
        let position = entries.lastIndex(where: { $0.lastSeen <= entry.lastSeen }).map { $0 + 1 } ?? 0
        entries.insert(entry, at: position)
    }

    static func cut(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > textLimit else { return text }
        var kept = String.UnicodeScalarView(scalars.prefix(textLimit - 1))
        kept.append("…")
        return String(kept)
    }
}
