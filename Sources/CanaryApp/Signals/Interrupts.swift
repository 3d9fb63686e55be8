import Dispatch
import Foundation

/// Calls `handler` on SIGINT or SIGTERM (or the given signals) instead of dying, until cancelled.
public final class Interrupts {
    private let sources: [any DispatchSourceSignal]

    public init(_ signals: [Int32] = [SIGINT, SIGTERM], _ handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            IgnoredSignals.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    public func cancel() {
        for source in sources { source.cancel() }
    }
}
