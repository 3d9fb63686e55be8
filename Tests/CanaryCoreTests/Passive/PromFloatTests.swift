import Testing
@testable import CanaryCore

@Suite struct PromFloatTests {
    @Test(arguments: [
        ("0", 0.0), ("42", 42), ("-7", -7), ("+3", 3), ("1.5", 1.5), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("2.5E-2", 0.025),
        ("1800000", 1_800_000), ("+Inf", .infinity), ("-Inf", -.infinity), ("Inf", .infinity), ("inf", .infinity),
        ("Infinity", .infinity), ("-infinity", -.infinity), ("9007199254740993", 9_007_199_254_740_992),
    ])
    func reads(text: String, value: Double) {
        #expect(PromFloat.parse(text) == value)
    }

    @Test func readsNaNInAnyCase() {
        #expect(PromFloat.parse("NaN")?.isNaN == true)
        #expect(PromFloat.parse("nan")?.isNaN == true)
    }

    @Test(arguments: ["", "+", "-", ".", "e5", "1e", "1e+", "0x1p3", "1_000", "12abc", "InfX", "nanny", "1e400", "-1e400", "1.2.3", " 1", "1 ", "--1", "∞"])
    func refuses(text: String) {
        #expect(PromFloat.parse(text) == nil)
    }
}
