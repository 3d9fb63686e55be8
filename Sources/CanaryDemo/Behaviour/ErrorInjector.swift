import Synchronization

/// fake-service's `ERROR_RATE`: deterministic, every `Int(1 / rate)`-th request fails.
///
/// Rate 0 never fails, 0.2 fails requests 5, 10, 15…, 1 (or more) fails every request.
public final class ErrorInjector: Sendable {
    /// Fail every this-many-th request; 0 = never.
    public let every: Int
    private let count = Mutex(0)

    public init(rate: Double) {
        every = rate > 0 ? max(1, Int(1 / rate)) : 0
    }

    /// Counts one request and says whether it must fail.
    public func nextFails() -> Bool {
        guard every > 0 else { return false }
        return count.withLock { n in
            n += 1
            return n % every == 0
        }
    }
}
