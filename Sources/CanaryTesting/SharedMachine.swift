import Foundation
import Testing

/// How many tests that start programs, servers or sockets run at once in the test process.
///
/// Swift Testing starts every test at once. On a 2-core machine the tests that start a child
/// process, an in-process server or a real Prometheus then wait on each other: a task waited
/// 50–78 s for a Swift-concurrency thread at the start of a full run (measured with gdb), and
/// deadlines that were generous on their own — a child's, an event's — passed while nothing ran.
/// Each such suite carries ``Trait/sharedMachine``; its tests take one of these slots each,
/// one test case at a time, so the number running beside each other is bounded whatever the
/// machine is doing. A test holds one slot for its whole run (never one per child), so a test
/// that needs two children at once cannot wait for itself.
public enum SharedMachine {
    /// The bound: several per core, since these tests mostly wait (on children, on sockets);
    /// at least 4.
    public static let width: Int = {
        if let text = ProcessInfo.processInfo.environment["CANARYTOP_TEST_WIDTH"], let n = Int(text), n > 0 { return n }
        return max(4, 3 * ProcessInfo.processInfo.activeProcessorCount)
    }()

    static let slots = Slots(width)

    /// Whether the current task already holds a slot (a nested suite carrying the trait too).
    @TaskLocal static var holding = false
}

/// The trait behind ``Trait/sharedMachine``.
public struct SharedMachineTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// One slot per test case; none for a suite as a whole.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        if SharedMachine.holding {
            try await function()
            return
        }
        try await SharedMachine.slots.run {
            try await SharedMachine.$holding.withValue(true) { try await function() }
        }
    }
}

extension Trait where Self == SharedMachineTrait {
    /// The suite's tests start programs, servers or sockets: at most ``SharedMachine/width``
    /// such tests run at once in the test process.
    public static var sharedMachine: Self { SharedMachineTrait() }
}
