import AsyncHTTPClient
import NIOCore
import Synchronization

/// `canarytop demo --users N`: background users, N requests a second to web, spread over its
/// replicas in turn — the real traffic the sidecars count, with or without the probe.
///
/// Sends on a fixed schedule (a batch every 50 ms) without waiting for replies; at most
/// ``maxInFlight`` are outstanding (a slow canary does not pile up requests without end).
final class DemoUsers: Sendable {
    let rate: Int
    private let http: HTTPClient
    private let urls: [String]
    static let maxInFlight = 512
    private let inFlight = Atomic<Int>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(rate: Int, http: HTTPClient, urls: [String]) {
        self.rate = rate
        self.http = http
        self.urls = urls
    }

    func start() {
        let started = Task { [self] in
            let clock = ContinuousClock()
            let tick = Duration.milliseconds(50)
            var next = clock.now
            var owed = 0.0
            var index = 0
            while !Task.isCancelled {
                owed += Double(rate) * 0.05
                while owed >= 1 {
                    owed -= 1
                    send(urls[index % urls.count])
                    index += 1
                }
                next += tick
                do { try await Task.sleep(until: next, clock: clock) } catch { return }
            }
        }
        task.withLock { $0 = started }
    }

    private func send(_ url: String) {
        guard inFlight.add(1, ordering: .relaxed).newValue <= Self.maxInFlight,
            let request = try? HTTPClient.Request(url: url, method: .GET)
        else {
            inFlight.subtract(1, ordering: .relaxed)
            return
        }
        http.execute(request: request, deadline: .now() + .seconds(30)).whenComplete { [self] _ in
            inFlight.subtract(1, ordering: .relaxed)
        }
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }
}
