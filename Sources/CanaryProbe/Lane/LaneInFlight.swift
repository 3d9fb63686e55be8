import Synchronization

/// What one lane has in flight, published by the lane whenever it changes, so that readers on
/// other threads (the dashboard's frame, the headless turn) see it with a lock-read instead of
/// a visit to the lane's event loop — a visit wakes the loop and then the reader, every turn.
///
/// The lane writes after each of its handlers that can send or complete a request (a due send,
/// a completion, a timeout), so the view is never behind what the lane has done.
final class LaneInFlight: Sendable {
    private let state = Mutex<(count: Int, sentTimes: [Double])>((0, []))

    /// Replaces the view: `count` requests in flight, meant to go out at `sentTimes`.
    func publish(count: Int, sentTimes: some Sequence<Double>) {
        state.withLock { state in
            state.count = count
            state.sentTimes.removeAll(keepingCapacity: true)
            state.sentTimes.append(contentsOf: sentTimes)
        }
    }

    /// The count in flight and when each was meant to go out.
    func read() -> (count: Int, sentTimes: [Double]) {
        state.withLock { ($0.count, $0.sentTimes) }
    }
}
