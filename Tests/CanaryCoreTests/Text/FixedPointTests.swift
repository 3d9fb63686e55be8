import Testing
@testable import CanaryCore

@Suite struct FixedPointTests {
    @Test(arguments: [
        (15.337719, 2, "15.34"), (0.005, 2, "0.01"), (-0.5, 2, "-0.50"), (-0.001, 2, "0.00"),
        (5001.84028, 1, "5001.8"), (3.0, 0, "3"), (2.5, 0, "3"), (0.0, 3, "0.000"), (100, 2, "100.00"),
        (.infinity, 2, "-"), (.nan, 1, "-"), (1.05, 1, "1.1"),
    ])
    func formats(value: Double, digits: Int, expected: String) {
        #expect(FixedPoint.format(value, digits: digits) == expected)
    }

    @Test func roundsFiguresForJSON() {
        #expect(FixedPoint.round(15.337719, 3) == 15.338)
        #expect(FixedPoint.round(-2.5, 0) == -3)
        #expect(FixedPoint.round(1234.5, 0) == 1235)
        #expect(FixedPoint.round(0.123449, 4) == 0.1234)
    }
}
