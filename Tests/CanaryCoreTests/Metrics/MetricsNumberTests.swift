import Testing
@testable import CanaryCore

@Suite struct MetricsNumberTests {
    /// Each pair is what Go 1.19's `strconv.FormatFloat(v, 'g', -1, 64)` printed for the value
    /// (the function client_golang's text writer calls), run on this machine.
    static let goOutputs: [(Double, String)] = [
        (1, "1"), (0.1, "0.1"), (0.0243, "0.0243"), (1e-05, "1e-05"), (0.0001, "0.0001"), (123456, "123456"),
        (1234567, "1.234567e+06"), (1e6, "1e+06"), (2.5e6, "2.5e+06"), (0.5, "0.5"), (100, "100"), (1e21, "1e+21"),
        (1e22, "1e+22"), (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (33.33, "33.33"),
        (0.3333, "0.3333"), (123.456, "123.456"), (0.00012, "0.00012"), (12345.678, "12345.678"),
    ]

    @Test func floatsAreWrittenAsGoWritesThem() {
        for (value, go) in Self.goOutputs {
            #expect(MetricsNumber.text(value) == go, "\(value)")
            #expect(MetricsNumber.text(-value) == "-" + go, "\(-value)")
        }
    }

    @Test func specialValuesAreTheFormatsOwnWords() {
        #expect(MetricsNumber.text(.infinity) == "+Inf")
        #expect(MetricsNumber.text(-.infinity) == "-Inf")
        #expect(MetricsNumber.text(.nan) == "NaN")
        #expect(MetricsNumber.text(0) == "0")
        #expect(MetricsNumber.text(-0.0) == "0")
        #expect(MetricsNumber.openMetrics(.infinity) == "+Inf")
        #expect(MetricsNumber.openMetrics(.nan) == "NaN")
    }

    @Test func openMetricsMarksIntegralFloatsAsFloats() {
        #expect(MetricsNumber.openMetrics(1) == "1.0")
        #expect(MetricsNumber.openMetrics(0) == "0.0")
        #expect(MetricsNumber.openMetrics(60) == "60.0")
        #expect(MetricsNumber.openMetrics(0.25) == "0.25")
        #expect(MetricsNumber.openMetrics(1e6) == "1e+06")
    }

    @Test func everyWrittenFloatReadsBackToTheSameValue() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            #expect(PromFloat.parse(MetricsNumber.text(value)) == value, "\(value)")
            #expect(PromFloat.parse(MetricsNumber.openMetrics(value)) == value, "\(value)")
        }
    }
}
