import ArgumentParser

/// `--threads N`: the event loops (lanes) the probe runs on, for `watch` and `bench probe`.
enum ThreadsOption {
    /// The most accepted: far more than any machine's cores, still a sane number of threads.
    static let maximum = 256

    /// A one-line usage error unless `threads` is between 1 and ``maximum``.
    static func validate(_ threads: Int) throws {
        guard (1...maximum).contains(threads) else {
            throw ValidationError("--threads \(threads): must be between 1 and \(maximum) (event loops for the probe)")
        }
    }
}
