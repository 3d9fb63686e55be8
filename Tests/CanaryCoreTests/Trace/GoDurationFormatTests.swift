import Testing
@testable import CanaryCore

/// Go's `Duration.String()` text, and that the parser reads back every value written.
@Suite struct GoDurationFormatTests {
    @Test func writesGosText() {
        let cases: [(Int64, String)] = [
            (0, "0s"), (850, "850ns"), (1_000, "1µs"), (75_100, "75.1µs"), (24_882_855, "24.882855ms"),
            (1_000_000, "1ms"), (999_999_999, "999.999999ms"), (1_000_000_000, "1s"), (5_009_025_002, "5.009025002s"),
            (60_000_000_000, "1m0s"), (62_300_000_000, "1m2.3s"), (3_600_000_000_000, "1h0m0s"),
            (259_380_500_000_000, "72h3m0.5s"), (-1_500_000_000, "-1.5s"), (-850, "-850ns"),
            (Int64.max, "2562047h47m16.854775807s"), (Int64.min, "-2562047h47m16.854775808s"),
        ]
        for (ns, text) in cases {
            #expect(GoDuration.text(nanoseconds: ns) == text, "\(ns)")
        }
        #expect(GoDuration.text(seconds: 0.2) == "200ms")
        #expect(GoDuration.text(seconds: 5) == "5s")
    }

    @Test func everyWrittenValueParsesBack() {
        var x: UInt64 = 0x1234_5678
        for _ in 0..<20_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let ns = Int64(bitPattern: x) >> Int64(x % 60)
            #expect(GoDuration.nanoseconds(GoDuration.text(nanoseconds: ns)) == ns, "\(ns)")
        }
    }
}
