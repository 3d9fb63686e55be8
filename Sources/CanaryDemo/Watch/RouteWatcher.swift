import CanaryCore
import ConsulStandIn
import Dispatch
import Foundation
import Synchronization

/// The demo's control plane: keeps ``SplitRouter`` on the splitter and resolver in force and
/// on the catalog, as Consul keeps Envoy up to date.
///
/// Every ``interval`` (50 ms) it reads the two working-copy files (a few hundred bytes each;
/// comparing contents catches even a same-size edit within one timestamp tick), the stand-in's
/// two entries (by `ModifyIndex`) and the catalog. The most recent change wins, whichever
/// place it was made in: an edit of the file, `canarytop split … --apply api`, a PUT to the
/// stand-in. A text Consul would refuse — mid-edit, a weight sum other than 100, an unknown
/// subset — is not applied: the last good entry stays in force and the refusal is reported
/// once and counted. A change is in force from the first poll that sees it.
public final class RouteWatcher: Sendable {
    /// What the demo reports as it goes.
    public enum Event: Sendable, Equatable {
        /// A new table is in force; `source` names where the change came from.
        case applied(RouteTable, source: String)
        /// A text was not applied: one line naming the source and Consul's reason, and the
        /// table that stays in force (nil before any was applied).
        case refused(String, keeping: RouteTable?)
    }

    /// Where the entries live.
    public struct Sources: Sendable {
        public var splitterPath: String
        public var resolverPath: String
        /// The service whose traffic is split (the entries' `Name`).
        public var service: String
        public var consul: ConsulStandIn?

        public init(splitterPath: String, resolverPath: String, service: String, consul: ConsulStandIn?) {
            self.splitterPath = splitterPath
            self.resolverPath = resolverPath
            self.service = service
            self.consul = consul
        }
    }

    private struct State {
        var splitter: SplitterEntry?
        var resolver: ResolverEntry?
        var instances: [ServiceInstance] = []
        var splitterFile: [UInt8]?
        var resolverFile: [UInt8]?
        var splitterIndex: UInt64?
        var resolverIndex: UInt64?
        var generation = 0
        var refusals = 0
        var lastProblem: [String: String] = [:]
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
    }

    private struct Waiter {
        var predicate: @Sendable (RouteTable) -> Bool
        var continuation: CheckedContinuation<Void, any Error>
    }

    /// How often the sources are read.
    public let interval: Duration
    public let sources: Sources
    public let router: SplitRouter
    private let onEvent: @Sendable (Event) -> Void
    private let state = Mutex(State())
    /// Serialises polls (the timer's and any a test makes).
    private let pollLock = Mutex(())
    private let queue = DispatchQueue(label: "canarytop.demo.route-watcher")
    private let timer = Mutex<TimerBox?>(nil)

    /// A dispatch source is thread-safe; the box lets it live in a `Mutex`.
    private struct TimerBox: @unchecked Sendable {
        let source: any DispatchSourceTimer
    }

    public init(
        sources: Sources, router: SplitRouter, interval: Duration = .milliseconds(50),
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.sources = sources
        self.router = router
        self.interval = interval
        self.onEvent = onEvent
    }

    /// Polls once now, then every ``interval`` until ``stop()``.
    public func start() {
        poll()
        let source = DispatchSource.makeTimerSource(queue: queue)
        let ms = Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        source.schedule(deadline: .now() + .milliseconds(ms), repeating: .milliseconds(ms), leeway: .milliseconds(5))
        source.setEventHandler { [weak self] in self?.poll() }
        timer.withLock { $0 = TimerBox(source: source) }
        source.resume()
    }

    /// Stops polling and fails anyone still waiting.
    public func stop() {
        timer.withLock { t in
            t?.source.cancel()
            t = nil
        }
        let waiters = state.withLock { s in
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for w in waiters { w.continuation.resume(throwing: CancellationError()) }
    }

    /// The table in force.
    public var table: RouteTable { router.table }
    /// How many changes have been applied (the first poll counts as one).
    public var generation: Int { state.withLock { $0.generation } }
    /// How many texts were refused (mid-edit, invalid) since the start.
    public var refusals: Int { state.withLock { $0.refusals } }

    /// Returns once the table in force satisfies `predicate` (at once if it already does).
    /// Throws after `timeout` seconds — a safety net for tests, not a clock to measure by.
    public func waitUntil(timeout: Double = 30, _ predicate: @escaping @Sendable (RouteTable) -> Bool) async throws {
        let router = self.router
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let id: UInt64? = state.withLock { s in
                if predicate(router.table) { return nil }
                s.nextWaiter += 1
                s.waiters[s.nextWaiter] = Waiter(predicate: predicate, continuation: continuation)
                return s.nextWaiter
            }
            guard let id else { return continuation.resume() }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.continuation.resume(throwing: WaitTimedOut(table: router.table.summary))
            }
        }
    }

    /// Thrown by ``waitUntil(timeout:_:)`` when the safety net runs out.
    public struct WaitTimedOut: Error, CustomStringConvertible {
        public let table: String
        public var description: String { "the routes never became as expected (in force: \(table))" }
    }

    /// Reads every source once and applies what changed.
    public func poll() {
        pollLock.withLock { _ in
            let (events, wake) = state.withLock { s in
                var events: [Event] = []
                var changes: [String] = []
                readResolver(&s, &changes, &events)
                readSplitter(&s, &changes, &events)
                let instances = sources.consul?.instances(of: sources.service) ?? []
                if instances != s.instances {
                    s.instances = instances
                    changes.append("catalog")
                }
                var wake: [CheckedContinuation<Void, any Error>] = []
                if !changes.isEmpty, let splitter = s.splitter {
                    let table = RouteTable(splitter: splitter, resolver: s.resolver, instances: s.instances)
                    let before = router.table
                    router.update(table)
                    s.generation += 1
                    if table != before || s.generation == 1 {
                        // Name the entry that changed; the catalog only when nothing else did.
                        events.append(.applied(table, source: changes.last { $0 != "catalog" } ?? "catalog"))
                    }
                    for (id, waiter) in s.waiters where waiter.predicate(table) {
                        s.waiters[id] = nil
                        wake.append(waiter.continuation)
                    }
                }
                return (events, wake)
            }
            events.forEach(onEvent)
            wake.forEach { $0.resume() }
        }
    }

    /// Where one entry's readings are kept in ``State``.
    private struct EntrySlot<Entry> {
        let kind: String
        let path: String
        let file: WritableKeyPath<State, [UInt8]?>
        let index: WritableKeyPath<State, UInt64?>
        let value: WritableKeyPath<State, Entry?>
    }

    private func readResolver(_ s: inout State, _ changes: inout [String], _ events: inout [Event]) {
        let slot = EntrySlot(
            kind: ResolverEntry.kind, path: sources.resolverPath, file: \.resolverFile, index: \.resolverIndex, value: \.resolver)
        read(slot, &s, &changes, &events) { text, label, origin, _ in RouteSource.resolver(text, label: label, origin: origin) }
    }

    private func readSplitter(_ s: inout State, _ changes: inout [String], _ events: inout [Event]) {
        let slot = EntrySlot(
            kind: SplitterEntry.kind, path: sources.splitterPath, file: \.splitterFile, index: \.splitterIndex, value: \.splitter)
        read(slot, &s, &changes, &events) { text, label, origin, s in
            RouteSource.splitter(text, label: label, origin: origin, resolver: s.resolver)
        }
    }

    /// Reads one entry from its file (when its bytes changed) and from the Consul stand-in (when
    /// its index moved and the entry differs), keeping each good reading and naming its source
    /// in `changes`.
    private func read<Entry: IndexedEntry & Equatable>(
        _ slot: EntrySlot<Entry>, _ s: inout State, _ changes: inout [String], _ events: inout [Event],
        parse: (String, String, EntryOrigin, State) -> Result<Entry, RouteSource.Refusal>
    ) {
        let fileLabel = RouteSource.label(file: slot.path)
        if let bytes = read(slot.path, label: fileLabel, &s, &events), bytes != s[keyPath: slot.file] {
            s[keyPath: slot.file] = bytes
            if let entry = accept(parse(String(decoding: bytes, as: UTF8.self), fileLabel, .file, s), source: fileLabel, &s, &events) {
                s[keyPath: slot.value] = entry
                changes.append(fileLabel)
            }
        }
        if let consul = sources.consul, let index = consul.modifyIndex(kind: slot.kind, name: sources.service),
           index != s[keyPath: slot.index], let text = consul.entry(kind: slot.kind, name: sources.service) {
            s[keyPath: slot.index] = index
            let label = RouteSource.label(consulKind: slot.kind, name: sources.service)
            if let entry = accept(parse(text, label, .apiReply, s), source: label, &s, &events)?.withoutIndexes,
               entry != s[keyPath: slot.value] {
                s[keyPath: slot.value] = entry
                changes.append(label)
            }
        }
    }

    /// The value of a good reading; for a refusal nil, reported once per distinct problem and counted.
    private func accept<T>(_ result: Result<T, RouteSource.Refusal>, source: String, _ s: inout State, _ events: inout [Event]) -> T? {
        switch result {
        case .success(let value):
            s.lastProblem[source] = nil
            return value
        case .failure(let refusal):
            s.refusals += 1
            if s.lastProblem[source] != refusal.message {
                s.lastProblem[source] = refusal.message
                events.append(.refused(refusal.message, keeping: s.splitter == nil ? nil : router.table))
            }
            return nil
        }
    }

    private func read(_ path: String, label: String, _ s: inout State, _ events: inout [Event]) -> [UInt8]? {
        let message = "\(label): cannot read \(path)"
        do {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            if s.lastProblem[label] == message { s.lastProblem[label] = nil }
            return bytes
        } catch {
            if s.lastProblem[label] != message {
                s.lastProblem[label] = message
                s.refusals += 1
                events.append(.refused(message, keeping: s.splitter == nil ? nil : router.table))
            }
            return nil
        }
    }
}

/// A config entry with Consul's indexes (`CreateIndex`, `ModifyIndex`).
protocol IndexedEntry {
    var createIndex: UInt64? { get set }
    var modifyIndex: UInt64? { get set }
}

extension IndexedEntry {
    /// The entry without Consul's indexes, so a file and an API reply of the same content compare equal.
    var withoutIndexes: Self {
        var copy = self
        copy.createIndex = nil
        copy.modifyIndex = nil
        return copy
    }
}

extension SplitterEntry: IndexedEntry {}
extension ResolverEntry: IndexedEntry {}
