import Testing
@testable import CanaryCore

/// The hundredths type: parsing what people type, printing what files get, Consul rounding.
@Suite struct WeightTests {
    @Test func parsesPercentages() {
        #expect(Weight(parsing: "33.34") == Weight(hundredths: 3334))
        #expect(Weight(parsing: "12.5") == Weight(hundredths: 1250))
        #expect(Weight(parsing: "100") == Weight(hundredths: 10_000))
        #expect(Weight(parsing: "0") == Weight(hundredths: 0))
        #expect(Weight(parsing: "-5") == Weight(hundredths: -500))
        #expect(Weight(parsing: "+10") == Weight(hundredths: 1000))
        #expect(Weight(parsing: "7%") == Weight(hundredths: 700))
        #expect(Weight(parsing: ".5") == Weight(hundredths: 50))
        #expect(Weight(parsing: "5.") == Weight(hundredths: 500))
        #expect(Weight(parsing: "33.335") == Weight(hundredths: 3334))
        #expect(Weight(parsing: "33.3349999") == Weight(hundredths: 3333))
        #expect(Weight(parsing: "-0.005") == Weight(hundredths: -1))
        #expect(Weight(parsing: "99.999") == Weight(hundredths: 10_000))
    }

    @Test func rejectsWhatIsNotAPercentage() {
        for text in ["", ".", "-", "abc", "1e2", "1,5", " 5", "5 ", "1.2.3", "--5", "123456789", "0x10"] {
            #expect(Weight(parsing: text) == nil, "\(text)")
        }
    }

    @Test func printsWholeNumbersBareAndAtMostTwoDecimals() {
        #expect(Weight(hundredths: 10_000).description == "100")
        #expect(Weight(hundredths: 0).description == "0")
        #expect(Weight(hundredths: 3334).description == "33.34")
        #expect(Weight(hundredths: 1250).description == "12.5")
        #expect(Weight(hundredths: 5).description == "0.05")
        #expect(Weight(hundredths: 1005).description == "10.05")
        #expect(Weight(hundredths: -5).description == "-0.05")
        #expect(Weight(hundredths: -1250).description == "-12.5")
    }

    @Test func printedWeightsReadBackExactly() {
        for hundredths in 0...10_000 {
            let weight = Weight(hundredths: hundredths)
            #expect(Weight(parsing: weight.description) == weight)
            #expect(Weight.consulRounded(Double(weight.description)!) == weight)
        }
    }

    @Test func consulRoundingUsesFloat32() {
        #expect(Weight.consulRounded(99.999) == Weight(hundredths: 10_000))
        #expect(Weight.consulRounded(0.001) == Weight(hundredths: 0))
        #expect(Weight.consulRounded(0.005) == Weight(hundredths: 1))
        #expect(Weight.consulRounded(33.335) == Weight(hundredths: 3334))
        #expect(Weight.consulRounded(-0.5) == Weight(hundredths: -50))
        #expect(Weight.consulRounded(.infinity) == nil)
        #expect(Weight.consulRounded(.nan) == nil)
        #expect(Weight.consulRounded(1e300) == nil)
    }

    @Test func arithmeticAndTotals() {
        #expect([w(33.33), w(33.33), w(33.34)].total() == .full)
        #expect(w(50) + w(25) - w(5) == w(70))
        #expect(w(10) < w(20))
        #expect(Weight(percent: 50) == w(50))
        #expect(w(100).isInPercentRange && w(0).isInPercentRange)
        #expect(!w(100.01).isInPercentRange && !w(-0.01).isInPercentRange)
    }

    @Test func goFloatFormattingMatchesConsul() {
        #expect(GoFloatFormat.fixed6(80) == "80.000000")
        #expect(GoFloatFormat.fixed6(Float(9999) / 100) == "99.989998")
        #expect(GoFloatFormat.fixed6(Float(10_001) / 100) == "100.010002")
        #expect(GoFloatFormat.fixed6(0) == "0.000000")
        #expect(GoFloatFormat.fixed6(-50) == "-50.000000")
        #expect(GoFloatFormat.fixed6(Float(1) / 100) == "0.010000")
        #expect(GoFloatFormat.fixed6(0.0078125) == "0.007812")
        #expect(GoFloatFormat.fixed6(1e-30) == "0.000000")
        #expect(GoFloatFormat.fixed6(16_777_216) == "16777216.000000")
    }
}
