import CanaryCore
import Synchronization

/// The attribution rules in force, shared by every connection and replaceable while probing.
///
/// Catalog attribution replaces the rules when Consul reports new instances. Readers keep
/// their own copy and check one atomic version number per reply, so the rules are fetched
/// again only when they changed and no lock is taken on the hot path.
public final class AttributorBox: Sendable {
    private let current: Mutex<(attributor: Attributor, version: UInt64)>
    private let latestVersion: Atomic<UInt64>

    /// Starts with `attributor` as version 1.
    public init(_ attributor: Attributor) {
        current = Mutex((attributor, 1))
        latestVersion = Atomic(1)
    }

    /// The rules in force now.
    public var attributor: Attributor {
        current.withLock { $0.attributor }
    }

    /// Replaces the rules; every reader picks them up at its next reply.
    public func update(_ attributor: Attributor) {
        let version = current.withLock { state in
            state.version += 1
            state.attributor = attributor
            return state.version
        }
        latestVersion.store(version, ordering: .releasing)
    }

    /// The rules and their version, if newer than `version`.
    func load(ifNewerThan version: UInt64) -> (attributor: Attributor, version: UInt64)? {
        guard latestVersion.load(ordering: .acquiring) != version else { return nil }
        return current.withLock { $0 }
    }
}
