import CanaryCore

/// The life of one request–reply exchange on a kept-alive connection, as states and actions.
///
/// Pure: the handler feeds it what the pipeline saw and carries out the action it returns.
/// Every request sent ends in exactly one ``Action/reply(status:keepAlive:)``,
/// ``Action/fault(_:)`` or ``Action/retry``, whatever arrives afterwards.
///
/// ```
/// idle ──sent──▶ awaitingHead ──head──▶ readingBody ──end──▶ idle        (reply)
///                      │                     ├──too many bytes──▶ closed   (fault .oversized)
///                      ├── close / reset, reused, nothing heard ──▶ closed   (retry)
///                      └──────── error / close / timeout ──────▶ closed   (fault)
/// ```
///
/// A server may close a kept-alive connection while it is idle (nginx's `keepalive_timeout`)
/// just as a request goes out on it. When a connection that has already carried a reply is
/// closed or reset before a single byte of the next reply arrived, the request may never have
/// reached the server: the action is ``Action/retry`` (the probe sends only GETs, which are
/// idempotent, so RFC 9112 §9.3.1 allows sending it again on a fresh connection).
struct ExchangeStateMachine: Sendable {
    enum State: Sendable, Equatable {
        /// No request outstanding; the connection may carry the next one.
        case idle
        /// A request went out; no reply head yet.
        case awaitingHead
        /// The head arrived; `bytes` of body so far.
        case readingBody(status: Int, keepAlive: Bool, bytes: Int)
        /// The connection is finished with: closing or closed.
        case closed
    }

    /// What the handler must do.
    enum Action: Sendable, Equatable {
        /// Nothing.
        case none
        /// Keep the body bytes just seen.
        case keepBody
        /// The reply is complete: hand it over; close the connection unless `keepAlive`.
        case reply(status: Int, keepAlive: Bool)
        /// The exchange failed: hand the fault over and close the connection.
        case fault(ProbeFault)
        /// The server closed this reused connection before answering anything: close it and
        /// send the request again on a fresh one.
        case retry
        /// Close the connection; nobody is waiting for anything on it.
        case close
    }

    private(set) var state: State = .idle
    /// The largest body accepted, in bytes.
    let maxBody: Int
    /// Replies this connection carried to the end.
    private(set) var replies = 0
    /// Whether any byte arrived since the request outstanding was sent.
    private var heard = false

    init(maxBody: Int) {
        self.maxBody = maxBody
    }

    /// Whether a request may be sent now.
    var isIdle: Bool { state == .idle }

    /// Whether a request is outstanding.
    var isBusy: Bool {
        switch state {
        case .awaitingHead, .readingBody: return true
        case .idle, .closed: return false
        }
    }

    /// A request was written.
    mutating func sent() {
        precondition(state == .idle, "a request was sent on a connection that is not idle")
        state = .awaitingHead
        heard = false
    }

    /// Bytes arrived from the server (before they are parsed).
    mutating func received() {
        heard = true
    }

    /// Whether a close or reset now means the server dropped the idle connection under the
    /// request, not that it failed to answer it.
    private var isStale: Bool {
        state == .awaitingHead && !heard && replies > 0
    }

    /// The reply's head arrived.
    mutating func head(status: Int, keepAlive: Bool) -> Action {
        switch state {
        case .awaitingHead:
            state = .readingBody(status: status, keepAlive: keepAlive, bytes: 0)
            return .none
        case .idle:
            state = .closed
            return .close  // a reply nobody asked for: the connection cannot be trusted
        case .readingBody, .closed:
            return .none
        }
    }

    /// `count` more body bytes arrived.
    mutating func body(count: Int) -> Action {
        guard case .readingBody(let status, let keepAlive, let bytes) = state else { return .none }
        let total = bytes + count
        if total > maxBody {
            state = .closed
            return .fault(.oversized)
        }
        state = .readingBody(status: status, keepAlive: keepAlive, bytes: total)
        return .keepBody
    }

    /// The reply ended.
    mutating func end() -> Action {
        guard case .readingBody(let status, let keepAlive, _) = state else { return .none }
        state = keepAlive ? .idle : .closed
        replies += 1
        return .reply(status: status, keepAlive: keepAlive)
    }

    /// The pipeline reported an error of class `fault`.
    mutating func error(_ fault: ProbeFault) -> Action {
        if fault == .reset, isStale {
            state = .closed
            return .retry
        }
        let wasBusy = isBusy
        let wasClosed = state == .closed
        state = .closed
        if wasBusy { return .fault(fault) }
        return wasClosed ? .none : .close
    }

    /// The connection closed.
    mutating func closed() -> Action {
        if isStale {
            state = .closed
            return .retry
        }
        let wasBusy = isBusy
        state = .closed
        return wasBusy ? .fault(.reset) : .none
    }

    /// The request's deadline passed.
    mutating func timedOut() -> Action {
        guard isBusy else { return .none }
        state = .closed
        return .fault(.timeout)
    }
}
