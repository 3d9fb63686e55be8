/// At most `count` holders at once: keeps a parameterised test's cases (each running a program
/// at full speed) from all starting together on a 2-core machine.
///
/// ```swift
/// static let slots = Slots(3)
/// try await Self.slots.run { try await runTheBinary() }
/// ```
public actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ count: Int) {
        free = max(1, count)
    }

    /// Runs `body` holding a slot, waiting for one first.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await take()
        defer { give() }
        return try await body()
    }

    private func take() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func give() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
