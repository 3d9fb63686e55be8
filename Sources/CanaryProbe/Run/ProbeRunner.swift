import CanaryCore
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Runs a watch's probing: lanes on SwiftNIO event loops, replies into a ``TallyCollector``.
///
/// ```swift
/// let collector = TallyCollector(subsets: ["blue", "green"])
/// let runner = try ProbeRunner(settings: settings, attribution: AttributorBox(attributor), collector: collector)
/// let counts = try await runner.run()        // returns once the plan is done or stop() was called
/// let totals = collector.totals(at: runner.clock.now())
/// ```
///
/// The work is divided into lanes (see ``ProbeSettings/laneCount(loops:)``), one per event
/// loop, each with its own share of the plan and its own connections, so the lanes never wait
/// for each other. When ``ProbeSettings/lanes`` asks for more lanes than `group` has event loops
/// (`--threads` above the number of cores), the runner starts a group of its own with one loop
/// per lane, and shuts it down when it is released.
public final class ProbeRunner: Sendable {
    /// What the probe has done so far.
    public struct Counts: Sendable, Equatable {
        /// Requests sent (each ends as a reply or a probe fault).
        public var sent: Int
        /// Replies received and recorded.
        public var replies: Int
        /// Requests that ended without a reply.
        public var faults: Int
        /// Sends that waited for a free slot because of the in-flight cap.
        public var late: Int
        /// Due sends that were never sent.
        public var skipped: Int
        /// Requests sent and not yet completed.
        public var inFlight: Int
        /// Requests sent a second time, on a fresh connection, because the server closed the
        /// kept-alive connection under them before answering (counted as faults only when the
        /// second attempt failed too).
        public var retried: Int
    }

    public let settings: ProbeSettings
    /// The timeline every time is measured on; time 0 is when the runner was made.
    public let clock: ProbeClock
    public let collector: TallyCollector
    public let attribution: AttributorBox
    private let loops: [any EventLoop]
    /// The runner's own event loops, when `group` has fewer than the lanes asked for.
    private let ownGroup: MultiThreadedEventLoopGroup?
    private let tls: NIOSSLContext?
    /// Each lane, and its published in-flight view (readable from any thread, where the lane is not).
    private let lanes = Mutex<[(lane: NIOLoopBound<ProbeLane>, inFlight: LaneInFlight)]>([])
    private let stopped = Atomic<Bool>(false)

    /// A runner for `settings` on `group`'s event loops. Throws when the TLS setup fails.
    public init(
        settings: ProbeSettings, attribution: AttributorBox, collector: TallyCollector,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, clock: ProbeClock = ProbeClock()
    ) throws {
        self.settings = settings
        self.attribution = attribution
        self.collector = collector
        self.clock = clock
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        if let lanes = settings.lanes, lanes > loops.count {
            let own = MultiThreadedEventLoopGroup(numberOfThreads: lanes)
            loops = Array(own.makeIterator())
            ownGroup = own
        } else {
            ownGroup = nil
        }
        self.loops = loops
        if settings.target.usesTLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if settings.insecureTLS { configuration.certificateVerification = .none }
            tls = try NIOSSLContext(configuration: configuration)
        } else {
            tls = nil
        }
    }

    deinit {
        ownGroup?.shutdownGracefully { _ in }
    }

    /// Probes until the plan is done (its request count or duration reached) or ``stop()``
    /// is called, and waits for the requests in flight. Returns what was done.
    public func run() async throws -> Counts {
        let count = settings.laneCount(loops: loops.count)
        let start = clock.now()
        let plans = ProbePlan.split(
            pace: settings.pace, concurrency: settings.concurrency, maxBacklog: settings.maxBacklog,
            maxRequests: settings.maxRequests, end: settings.duration.map { start + $0 }, first: start, lanes: count)
        var futures: [EventLoopFuture<ProbeLane.Counts>] = []
        for (index, plan) in plans.enumerated() {
            let loop = loops[index % loops.count]
            let future = loop.flatSubmit { [settings, clock, tls, collector, attribution] in
                let recorder = ReplyRecorder(attribution: attribution, collector: collector)
                let lane = ProbeLane(
                    plan: plan, settings: settings, clock: clock, recorder: recorder, tls: tls, eventLoop: loop)
                self.lanes.withLock { $0.append((NIOLoopBound(lane, eventLoop: loop), lane.inFlight)) }
                if self.stopped.load(ordering: .acquiring) { lane.stop() }
                return lane.start()
            }
            futures.append(future)
        }
        var total = ProbeLane.Counts()
        for future in futures { total = total + (try await future.get()) }
        return Counts(total)
    }

    /// Sends nothing more; ``run()`` returns once the requests in flight have finished.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        for (lane, _) in lanes.withLock({ $0 }) {
            lane.eventLoop.execute { lane.value.stop() }
        }
    }

    /// The counts so far, after every lane has handed its recorded replies to the collector:
    /// a ``TallyCollector/totals(at:)`` taken afterwards includes every reply counted here.
    /// (Visits every lane's event loop; ``inFlight()`` reads what they published instead.)
    public func progress() async -> Counts {
        var total = ProbeLane.Counts()
        for (lane, _) in lanes.withLock({ $0 }) {
            if let counts = try? await lane.eventLoop.submit({ lane.value.progress() }).get() { total = total + counts }
        }
        return Counts(total)
    }
}

extension ProbeRunner {
    /// The requests in flight and when each was meant to go out, as the lanes last published
    /// them (after each send and completion): read under a lock, without visiting the lanes'
    /// event loops, so a caller's turn wakes no loop. Replies are handed to the collector by the
    /// lanes themselves, at most 100 ms after they arrive.
    public func inFlight() -> (count: Int, sentTimes: [Double]) {
        var count = 0
        var times: [Double] = []
        for (_, view) in lanes.withLock({ $0 }) {
            let (n, sent) = view.read()
            count += n
            times.append(contentsOf: sent)
        }
        return (count, times)
    }
}

extension ProbeRunner.Counts {
    /// Nothing done yet.
    public init() {
        self.init(ProbeLane.Counts())
    }

    init(_ counts: ProbeLane.Counts) {
        self.init(
            sent: counts.sent, replies: counts.replies, faults: counts.faults, late: counts.late,
            skipped: counts.skipped, inFlight: counts.inFlight, retried: counts.retried)
    }
}
