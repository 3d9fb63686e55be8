import ConsulStandIn
import Synchronization

/// Picks the instance for each request by the current ``RouteTable``: a target by smooth
/// weighted round-robin over the split weights, then the target's instances in turn.
///
/// Thread-safe; a new table takes effect for the very next pick and restarts the rotation,
/// so after a rollback to 100/0 not one more request reaches the subset at 0.
public final class SplitRouter: Sendable {
    /// What a pick gives.
    public enum Pick: Sendable, Equatable {
        case instance(ServiceInstance, target: String)
        /// The chosen split has no instance to send to (Envoy: 503 `no healthy upstream`).
        case noHealthyUpstream(target: String)
        /// No split has any weight (or there are no splits).
        case noRoute
    }

    private struct State {
        var table: RouteTable
        var rotation: SmoothWeightedRoundRobin
        var nextInstance: [Int]
        var picks: [String: Int] = [:]
    }

    private let state: Mutex<State>

    public init(table: RouteTable) {
        state = Mutex(Self.fresh(table))
    }

    private static func fresh(_ table: RouteTable) -> State {
        State(
            table: table, rotation: SmoothWeightedRoundRobin(weights: table.targets.map(\.weight.hundredths)),
            nextInstance: Array(repeating: 0, count: table.targets.count))
    }

    /// Routes by `table` from now on (a no-op when it is the table already in use).
    public func update(_ table: RouteTable) {
        state.withLock { s in
            guard s.table != table else { return }
            let picks = s.picks
            s = Self.fresh(table)
            s.picks = picks
        }
    }

    public var table: RouteTable { state.withLock { $0.table } }

    /// How many picks went to each target name so far.
    public var pickCounts: [String: Int] { state.withLock { $0.picks } }

    public func pick() -> Pick {
        state.withLock { s in
            guard let index = s.rotation.next() else { return .noRoute }
            let target = s.table.targets[index]
            s.picks[target.name, default: 0] += 1
            guard !target.instances.isEmpty else { return .noHealthyUpstream(target: target.name) }
            let instance = target.instances[s.nextInstance[index] % target.instances.count]
            s.nextInstance[index] += 1
            return .instance(instance, target: target.name)
        }
    }
}
