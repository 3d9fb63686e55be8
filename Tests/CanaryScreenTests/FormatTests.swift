import Testing
@testable import CanaryScreen

/// The short number texts the verdict column, panel and header use.
@Suite struct FormatTests {
    @Test func etaRoundsUpSecondsThenUsesLargerUnits() {
        #expect(Format.eta(0) == "~0s")
        #expect(Format.eta(20.1) == "~21s")
        #expect(Format.eta(59.5) == "~60s")
        #expect(Format.eta(113.8) == "~2m")
        #expect(Format.eta(3 * 3600 + 100) == "~3h")
        #expect(Format.eta(5 * 86_400) == "~5d")
        #expect(Format.eta(nil) == "~?" && Format.eta(.infinity) == "~?" && Format.eta(-1) == "~?")
    }

    @Test func spanIsSecondsThenMinutes() {
        #expect(Format.span(30) == "30s")
        #expect(Format.span(2.5) == "2.5s")
        #expect(Format.span(300) == "5m")
        #expect(Format.span(90) == "1m30s")
        #expect(Format.span(.nan) == "-")
    }

    @Test func decimalDropsTrailingZeros() {
        #expect(Format.decimal(1) == "1")
        #expect(Format.decimal(0.5) == "0.5")
        #expect(Format.decimal(12.25) == "12.25")
        #expect(Format.decimal(20.000001) == "20")
        #expect(Format.decimal(80, digits: 0) == "80")
    }
}
