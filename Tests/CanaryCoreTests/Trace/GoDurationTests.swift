import Testing

@testable import CanaryCore

@Suite struct GoDurationTests {
    /// Go's own `Duration.String()` outputs plus what `time.ParseDuration` also accepts.
    static let valid: [(String, Double)] = [
        ("850ns", 850e-9),
        ("75.1µs", 75.1e-6),  // U+00B5 micro sign, as fake-service writes it
        ("75.1μs", 75.1e-6),  // U+03BC Greek mu
        ("75.1us", 75.1e-6),
        ("24.882855ms", 0.024882855),
        ("15.337719ms", 0.015337719),
        ("5.009025002s", 5.009025002),
        ("5.00184028s", 5.00184028),
        ("1m2.3s", 62.3),
        ("1h0m0s", 3600),
        ("72h3m0.5s", 72 * 3600 + 180.5),
        ("0s", 0),
        ("0", 0),
        ("-0", 0),
        ("+0", 0),
        ("-1.5s", -1.5),
        ("+2s", 2),
        (".5s", 0.5),
        ("5.s", 5),
        ("1h1h", 7200),
        ("2562047h47m16.854775807s", 9_223_372_036.854775807),  // Int64.max nanoseconds
        ("-2562047h47m16.854775808s", -9_223_372_036.854775808),  // Int64.min nanoseconds
        ("1.0000000000000000000000001s", 1),  // digits past nanoseconds are dropped
    ]

    @Test(arguments: valid)
    func parses(text: String, seconds: Double) {
        let parsed = GoDuration.seconds(text)
        #expect(parsed != nil, "\(text)")
        if let parsed { #expect(abs(parsed - seconds) <= 1e-12 * max(1, abs(seconds)), "\(text) → \(parsed)") }
    }

    @Test func secondsAreTheNearestDoubleToTheWrittenValue() {
        #expect(GoDuration.seconds("5.009025002s") == 5.009025002)
        #expect(GoDuration.seconds("24.882855ms") == 0.024882855)
        #expect(GoDuration.nanoseconds("75.1µs") == 75_100)
        #expect(GoDuration.nanoseconds("72h3m0.5s") == 259_380_500_000_000)
        #expect(GoDuration.nanoseconds("0.5ns") == 0)
    }

    @Test(arguments: [
        "", "5", "s", "1.2.3s", "5x", "ms", "-", "+", ".", ".s", "-s", "1", "1s2", "5 s", " 5s", "5s ",
        "5S", "5sec", "1\u{00B5}", "1\u{03BC}", "1\u{00B5}x", "5e3s", "0x10s", "1,5s", "--1s", "+-1s",
        "9999999999999999999h", "2562048h", "2562047h47m16.854775808s", "99999999999999999999ns",
    ])
    func rejects(text: String) {
        #expect(GoDuration.seconds(text) == nil, "\(text.debugDescription)")
    }

    @Test func readsBytesInPlace() {
        let bytes: [UInt8] = Array("1m2.3s".utf8)
        let seconds = bytes.withUnsafeBytes { GoDuration.seconds(utf8: $0) }
        #expect(seconds.map { abs($0 - 62.3) < 1e-12 } == true)
        #expect(GoDuration.seconds(utf8: UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
    }

    @Test func acceptsSubstrings() {
        let text = "duration=15ms;"
        let slice = text.dropFirst(9).dropLast()
        #expect(GoDuration.seconds(slice) == 0.015)
    }

    @Test func invalidUTF8UnitsAreRejected() {
        let bytes: [UInt8] = [0x31, 0xC2, 0x73]  // "1", a cut-off µ, "s"
        #expect(bytes.withUnsafeBytes { GoDuration.seconds(utf8: $0) } == nil)
    }
}
