import CanaryCore
import NIOCore
import NIOPosix
import NIOSSL

/// One event loop's share of a watch: its ``ProbePlan``, its connections and its recorder.
///
/// Everything here runs on the lane's event loop, so nothing is locked: the plan says when
/// to send, idle connections are reused newest first (the rest may be closed by the server
/// without harm), new ones are opened while the plan's in-flight cap allows, each reply is
/// recorded where it arrived, and a sweep times requests out. The lane finishes when its plan does.
///
/// The lane wakes only when something is due: the plan's next send (open loop), and the sweep,
/// which is scheduled for the earliest deadline in flight plus a grace of `timeout / 20`
/// (between 1 and 50 ms) and not at all while nothing is in flight — so a request times out
/// within its timeout plus that grace, and a quiet lane costs nothing between sends. Recorded
/// replies are handed to the collector in batches: as soon as nothing is in flight, at the
/// first send or reply 50 ms after the previous hand-over, and at the latest 100 ms after it
/// (a timer, for when neither comes: slow requests at a low rate), so what the runtime reads
/// is never more than 100 ms behind. The timer is cancelled by any earlier hand-over, so a busy
/// lane never wakes for it.
final class ProbeLane {
    /// What a lane did, for progress reports and the summary.
    struct Counts: Sendable {
        var sent = 0
        var replies = 0
        var faults = 0
        var late = 0
        var skipped = 0
        var inFlight = 0
        var retried = 0

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(
                sent: a.sent + b.sent, replies: a.replies + b.replies, faults: a.faults + b.faults,
                late: a.late + b.late, skipped: a.skipped + b.skipped, inFlight: a.inFlight + b.inFlight,
                retried: a.retried + b.retried)
        }
    }

    let eventLoop: any EventLoop
    private var plan: ProbePlan
    private let settings: ProbeSettings
    private let clock: ProbeClock
    private let recorder: ReplyRecorder
    private let bootstrap: ClientBootstrap
    private let tls: NIOSSLContext?
    private let request: ByteBuffer
    private var idle: [ProbeConnection] = []
    private var open: [ProbeConnection] = []
    private var wakeup: (task: Scheduled<Void>, at: Double)?
    /// The sweep scheduled, and the time it is scheduled for.
    private var sweep: (task: Scheduled<Void>, at: Double)?
    /// When the recorder last handed its batch over.
    private var lastFlush = 0.0
    /// The hand-over scheduled for records that are waiting while requests are in flight.
    private var flushTimer: Scheduled<Void>?
    private let done: EventLoopPromise<Counts>
    /// What is in flight, for readers off the loop; written after every handler that sends or completes.
    let inFlight = LaneInFlight()
    private var finished = false
    /// Requests sent again after a server closed the kept-alive connection under them.
    private var retried = 0

    init(
        plan: ProbePlan, settings: ProbeSettings, clock: ProbeClock, recorder: ReplyRecorder, tls: NIOSSLContext?,
        eventLoop: any EventLoop
    ) {
        self.plan = plan
        self.settings = settings
        self.clock = clock
        self.recorder = recorder
        self.tls = tls
        self.eventLoop = eventLoop
        self.request = ByteBuffer(string: settings.target.requestText)
        self.done = eventLoop.makePromise()
        self.bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.nanoseconds(Int64(settings.timeout * 1e9)))
    }

    /// Starts sending; the future completes with the lane's counts once its plan is finished.
    func start() -> EventLoopFuture<Counts> {
        lastFlush = clock.now()
        tick()
        return done.futureResult
    }

    /// Sends nothing more; requests in flight still finish (or time out).
    func stop() {
        plan.stop()
        finishIfDone()
    }

    /// The counts so far, after handing every recorded reply to the collector.
    func progress() -> Counts {
        recorder.flush()
        return counts
    }

    private var counts: Counts {
        Counts(
            sent: plan.sent, replies: recorder.replies, faults: recorder.faults, late: plan.late,
            skipped: plan.skipped, inFlight: plan.inFlight, retried: retried)
    }

    // MARK: - Sending

    /// Hands out what is due. `atLeast`: the time a wake-up was scheduled for (the clock's
    /// rounding must not make a wake-up at the end read as just before it).
    private func tick(atLeast earliest: Double = -.infinity) {
        let now = max(clock.now(), earliest)
        let sends = plan.sent
        for send in plan.due(at: now) { dispatch(send, now: now) }
        scheduleWakeup()
        if plan.sent != sends { publishInFlight() }
        flushIfDue(now: now)
        finishIfDone()
    }

    private func publishInFlight() {
        inFlight.publish(count: plan.inFlight, sentTimes: open.lazy.compactMap { $0.exchange?.intended })
    }

    /// Wakes the lane at the plan's next intended time, or at its end: with every request
    /// stalled no completion comes, and only this wake-up tells the plan its end has passed.
    private func scheduleWakeup() {
        guard let next = plan.nextWakeup else {
            wakeup?.task.cancel()
            wakeup = nil
            return
        }
        if let wakeup, wakeup.at == next { return }
        wakeup?.task.cancel()
        let task = eventLoop.assumeIsolated().scheduleTask(deadline: clock.deadline(at: next)) {
            self.wakeup = nil
            self.tick(atLeast: next)
        }
        wakeup = (task, next)
    }

    private func dispatch(_ send: ProbePlan.Send, now: Double) {
        let exchange = ProbeConnection.Exchange(intended: send.intended, started: now, deadline: now + settings.timeout)
        sweep(by: exchange.deadline)
        if let connection = idle.popLast() {
            connection.send(exchange)
            return
        }
        connect(exchange)
    }

    /// Carries `exchange` on a new connection.
    private func connect(_ exchange: ProbeConnection.Exchange) {
        let connection = ProbeConnection(request: request)
        // Weak: a connection's close may be reported after the lane is gone.
        connection.onResult = { [weak self] connection, exchange, result in
            self?.complete(connection, exchange, result)
        }
        connection.onClosed = { [weak self] connection in
            self?.forget(connection)
        }
        open.append(connection)
        connection.connect(
            bootstrap, host: settings.target.host, port: settings.target.port, tls: tls, maxBody: settings.maxBody,
            exchange: exchange, eventLoop: eventLoop)
    }

    private func complete(_ connection: ProbeConnection, _ exchange: ProbeConnection.Exchange, _ result: ProbeConnection.Result) {
        let now = clock.now()
        switch result {
        case .reply(let status, let body, _):
            recorder.reply(status: status, body: body, latency: now - exchange.intended, at: now)
        case .fault(.timeout):
            // A timeout counts as the deadline itself, plus any wait before the send.
            recorder.fault(.timeout, latency: exchange.deadline - exchange.intended, at: now)
        case .stale where !exchange.retried:
            // The server closed the idle connection under the request: once more, on a fresh
            // connection, with the same intended time and deadline. Still in flight meanwhile.
            retried += 1
            var again = exchange
            again.retried = true
            sweep(by: again.deadline)
            connect(again)
            return
        case .stale:
            recorder.fault(.reset, latency: now - exchange.intended, at: now)
        case .fault(let fault):
            recorder.fault(fault, latency: now - exchange.intended, at: now)
        }
        if connection.isReusable { idle.append(connection) }
        for send in plan.completed(at: now) { dispatch(send, now: now) }
        scheduleWakeup()
        publishInFlight()
        flushIfDue(now: now)
        finishIfDone()
    }

    private func forget(_ connection: ProbeConnection) {
        idle.removeAll { $0 === connection }
        open.removeAll { $0 === connection }
    }

    /// How long after the earliest deadline in flight the sweep runs: `timeout / 20`, between 1
    /// and 50 ms (the sweep handles every deadline passed by then at once).
    private var sweepGrace: Double { max(0.001, min(0.05, settings.timeout / 20)) }

    /// Makes sure a sweep runs by `deadline` plus the grace.
    private func sweep(by deadline: Double) {
        let at = deadline + sweepGrace
        if let sweep, sweep.at <= at { return }
        sweep?.task.cancel()
        let task = eventLoop.assumeIsolated().scheduleTask(deadline: clock.deadline(at: at)) {
            self.sweep = nil
            self.sweepDeadlines(atLeast: at)
        }
        sweep = (task, at)
    }

    /// Times out every request whose deadline has passed, then schedules the sweep for the
    /// earliest deadline still in flight (none when nothing is).
    private func sweepDeadlines(atLeast earliest: Double) {
        let now = max(clock.now(), earliest)
        for connection in open where connection.exchange != nil {
            connection.checkDeadline(now: now)
        }
        var next = Double.infinity
        for connection in open {
            if let deadline = connection.exchange?.deadline, deadline < next { next = deadline }
        }
        if next < .infinity { sweep(by: next) }
        flush(now: now)
    }

    /// Hands the recorded batch over when nothing is in flight, or 50 ms after the last time;
    /// otherwise makes sure a timer does it 100 ms after the last time.
    private func flushIfDue(now: Double) {
        if plan.inFlight == 0 || now - lastFlush >= 0.05 {
            flush(now: now)
        } else if recorder.hasPending, flushTimer == nil {
            // Nothing may come for a while (slow requests at a low rate): hand over by 100 ms anyway.
            flushTimer = eventLoop.assumeIsolated().scheduleTask(deadline: clock.deadline(at: lastFlush + 0.1)) {
                self.flushTimer = nil
                self.flush(now: self.clock.now())
            }
        }
    }

    private func flush(now: Double) {
        lastFlush = now
        flushTimer?.cancel()
        flushTimer = nil
        recorder.flush()
    }

    private func finishIfDone() {
        guard plan.isFinished, !finished else { return }
        finished = true
        wakeup?.task.cancel()
        sweep?.task.cancel()
        sweep = nil
        flush(now: clock.now())
        for connection in open { connection.close() }
        publishInFlight()
        done.succeed(counts)
    }
}
