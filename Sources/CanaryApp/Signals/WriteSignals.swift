import CanaryStore
import Foundation

/// For the commands that write files (`split …`, `bench write`): SIGINT, SIGTERM and SIGHUP end
/// the process as usual, except during a write, which they let finish first (see
/// ``WriteSection``). The dashboard and headless watches handle these signals themselves.
public enum WriteSignals {
    /// Routes the signals until the returned handlers are cancelled.
    public static func route() -> [Interrupts] {
        [SIGINT, SIGTERM, SIGHUP].map { number in Interrupts([number]) { WriteSection.interrupt(number) } }
    }
}
