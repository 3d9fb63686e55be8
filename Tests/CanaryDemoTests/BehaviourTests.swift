import Testing
@testable import CanaryDemo

/// Timing knobs, error injection and timestamps: fake-service's semantics, without sockets.
@Suite struct BehaviourTests {
    @Test func timingDrawsP50P90P99InFakeServicesProportions() {
        let model = TimingModel(p50: 0.010, p90: 0.020, p99: 0.040)
        var rng = SeededGenerator(seed: 42)
        var counts: [Double: Int] = [:]
        let n = 100_000
        for _ in 0..<n { counts[model.sample(using: &rng), default: 0] += 1 }
        #expect(Set(counts.keys) == [0.010, 0.020, 0.040])
        // 90 % / 9 % / 1 %, within five standard deviations of a binomial draw.
        for (value, share) in [(0.010, 0.90), (0.020, 0.09), (0.040, 0.01)] {
            let sd = (Double(n) * share * (1 - share)).squareRoot()
            #expect(abs(Double(counts[value, default: 0]) - Double(n) * share) < 5 * sd, "\(value)")
        }
    }

    @Test func varianceAddsUpToThatPercentOnly() {
        let model = TimingModel(p50: 1, p90: 1, p99: 1, variance: 20)
        var rng = SeededGenerator(seed: 7)
        let samples = (0..<10_000).map { _ in model.sample(using: &rng) }
        #expect(samples.allSatisfy { $0 >= 1 && $0 < 1.2 })
        #expect(samples.max()! > 1.19)
        #expect(samples.min()! < 1.01)
    }

    @Test func theSameSeedGivesTheSameDraws() {
        let model = TimingModel(p50: 0.01, p90: 0.02, p99: 0.03, variance: 10)
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5), c = SeededGenerator(seed: 6)
        let first = (0..<50).map { _ in model.sample(using: &a) }
        #expect(first == (0..<50).map { _ in model.sample(using: &b) })
        #expect(first != (0..<50).map { _ in model.sample(using: &c) })
        #expect(TimingModel.instant.sample(using: &a) == 0)
        #expect(model.scaled(by: 0) == TimingModel(p50: 0, p90: 0, p99: 0, variance: 10))
    }

    @Test func errorRateFailsEveryIntOfOneOverRateRequest() {
        func failures(_ rate: Double, _ n: Int) -> [Int] {
            let injector = ErrorInjector(rate: rate)
            return (1...n).filter { _ in injector.nextFails() }
        }
        #expect(failures(0.2, 20) == [5, 10, 15, 20])
        #expect(failures(0.5, 6) == [2, 4, 6])
        #expect(failures(0.3, 9) == [3, 6, 9])  // int(1/0.3) = 3
        #expect(failures(1, 3) == [1, 2, 3])
        #expect(failures(0, 100) == [])
    }

    @Test func timestampsHaveSixFractionDigitsAndNoZone() {
        #expect(TraceTimestamp.text(nanosecondsSinceEpoch: 0) == "1970-01-01T00:00:00.000000")
        // 2019-11-20T14:54:27.430419 UTC, the workshop's start time.
        #expect(TraceTimestamp.text(nanosecondsSinceEpoch: 1_574_261_667_430_419_999) == "2019-11-20T14:54:27.430419")
        #expect(TraceTimestamp.text(nanosecondsSinceEpoch: 951_782_400_000_000_000) == "2000-02-29T00:00:00.000000")
        #expect(TraceTimestamp.text(nanosecondsSinceEpoch: -1_000) == "1969-12-31T23:59:59.999999")
        #expect(HTTPDate.text(nanosecondsSinceEpoch: 1_574_261_667_430_419_999) == "Wed, 20 Nov 2019 14:54:27 GMT")
        #expect(HTTPDate.text(nanosecondsSinceEpoch: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func upstreamAddressesAsGoWouldPrintThem() {
        let u = Upstream(uri: "http://localhost:9091") { .noHealthyUpstream }
        #expect(u.requestURL == "http://localhost:9091/")
        #expect(u.dialAddress == "127.0.0.1:9091")
        let v = Upstream(uri: "http://currency.internal/rates") { .noHealthyUpstream }
        #expect(v.requestURL == "http://currency.internal/rates")
        #expect(v.dialAddress == "currency.internal:80")
        #expect(TraceStyle.current.refusedError(url: u.requestURL, hostPort: u.dialAddress)
            == #"Get "http://localhost:9091/": dial tcp 127.0.0.1:9091: connect: connection refused"#)
    }
}
