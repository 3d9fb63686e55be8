import Foundation
import Synchronization

/// Turns off a signal's default action once per process, so dispatch signal sources receive it.
///
/// Only the first time: on Linux, libdispatch receives a signal through a handler it installs
/// when its first source for that signal is made. Setting `SIG_IGN` again later (a second
/// ``Interrupts``, or ``StopSignal`` then the demo's dashboard) removes that handler, and every
/// source made afterwards stays silent: the signal is then simply ignored.
enum IgnoredSignals {
    private static let done = Mutex<Set<Int32>>([])

    static func ignore(_ number: Int32) {
        if done.withLock({ $0.insert(number).inserted }) { signal(number, SIG_IGN) }
    }
}
