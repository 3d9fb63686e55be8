@testable import CanaryCore
import Testing

/// The admission webhook's float32 checks, emulated (consul-k8s servicesplitter_types.go).
struct ServiceSplitterWebhookTests {
    private func split(_ weight: Double, _ subset: String) -> ServiceSplit {
        ServiceSplit(weight: Weight(hundredths: Int((weight * 100).rounded())), serviceSubset: subset)
    }

    @Test func theReferenceExampleIsRefusedForItsFloat32Sum() {
        let weights: [Float] = [16.75, 52.01, 31.24].map { Float($0) }
        #expect(GoFloatFormat.fixed6(ServiceSplitterWebhook.sum(weights)) == "99.999992")
        #expect(!ServiceSplitterWebhook.admits(weights))
        // Consul itself adds hundredths and would take it.
        #expect([1675, 5201, 3124].reduce(0, +) == 10_000)
        let splits = [split(16.75, "blue"), split(52.01, "green"), split(31.24, "red")]
        let issues = ServiceSplitterWebhook.issues(splits)
        #expect(issues.count == 1)
        #expect(issues[0].description == #"spec.splits: Invalid value: "[{\"weight\":16.75,\"serviceSubset\":\"blue\"},"#
            + #"{\"weight\":52.01,\"serviceSubset\":\"green\"},{\"weight\":31.24,\"serviceSubset\":\"red\"}]": "#
            + "the sum of weights across all splits must add up to 100 percent, but adds up to 99.999992")
    }

    @Test func aSumOtherThan100InTheReferenceForm() {
        let issues = ServiceSplitterWebhook.issues([split(50, "blue"), split(45, "green")])
        #expect(issues.map(\.detail) == ["the sum of weights across all splits must add up to 100 percent, but adds up to 95.000000"])
        #expect(ServiceSplitterWebhook.denial(name: "payments", issues) == "admission webhook"
            + #" "mutate-servicesplitter.consul.hashicorp.com" denied the request: ServiceSplitter.consul.hashicorp.com"#
            + #" "payments" is invalid: spec.splits: Invalid value: "[{\"weight\":50,\"serviceSubset\":\"blue\"},"#
            + #"{\"weight\":45,\"serviceSubset\":\"green\"}]": the sum of weights across all splits must add up to"#
            + " 100 percent, but adds up to 95.000000")
    }

    /// Every two-way split in 0.01 steps passes: 0/100, 0.01/99.99, …, 100/0.
    @Test func everyTwoWaySplitInHundredthsPasses() {
        var refused: [Int] = []
        for first in 0...10_000 where !ServiceSplitterWebhook.admits([Weight(hundredths: first), Weight(hundredths: 10_000 - first)]) {
            refused.append(first)
        }
        #expect(refused.isEmpty, "refused two-way splits: \(refused.prefix(10))")
    }

    @Test func integerSplitsPassWhateverTheirNumber() {
        var generator = SplitMix64(seed: 17)
        for _ in 0..<2_000 {
            let count = Int.random(in: 3...12, using: &generator)
            var cuts = (0..<(count - 1)).map { _ in Int.random(in: 0...100, using: &generator) }.sorted()
            cuts = [0] + cuts + [100]
            let weights = (0..<count).map { Weight(percent: cuts[$0 + 1] - cuts[$0]) }
            #expect(ServiceSplitterWebhook.admits(weights), "\(weights)")
        }
    }

    /// canarytop writes `16.75`; the resource's float32 is that text parsed as float32, which is
    /// the one division `Float(1675) / 100` — for every weight it can write.
    @Test func theFloat32OfAWrittenWeightIsItsTextParsed() {
        for hundredths in 0...10_000 {
            let weight = Weight(hundredths: hundredths)
            #expect(ServiceSplitterWebhook.float32(weight) == Float(weight.description)!, "\(weight)")
        }
    }

    @Test func weightBoundsAreCheckedInFloat32() {
        #expect(ServiceSplitterWebhook.allows(0))
        #expect(ServiceSplitterWebhook.allows(Float("0.01")!))
        #expect(!ServiceSplitterWebhook.allows(Float("0.01")!.nextDown))
        #expect(ServiceSplitterWebhook.allows(100))
        #expect(!ServiceSplitterWebhook.allows(Float(100).nextUp))
        #expect(!ServiceSplitterWebhook.allows(-5))
        #expect(!ServiceSplitterWebhook.allows(0.005))
        // Go: NaN != 0 && (NaN > 100 || NaN < 0.01) is false: only the sum refuses NaN.
        #expect(ServiceSplitterWebhook.allows(.nan))
        #expect(!ServiceSplitterWebhook.admits([.nan]))
    }

    @Test func perWeightMessagesPrintTheValueAsGoDoes() {
        let splits = [split(0, "a"), split(0, "b"), split(0, "c")]
        let issues = ServiceSplitterWebhook.issues(splits, weights: [150, 0.005, -50])
        #expect(issues.map(\.description).prefix(3) == [
            "spec.splits[0].weight: Invalid value: 150: weight must be a percentage between 0.01 and 100",
            "spec.splits[1].weight: Invalid value: 0.005: weight must be a percentage between 0.01 and 100",
            "spec.splits[2].weight: Invalid value: -50: weight must be a percentage between 0.01 and 100",
        ])
        #expect(issues.last?.detail.hasSuffix("but adds up to 100.005005") == true)
        #expect(ServiceSplitterWebhook.denial(name: "p", issues).contains("is invalid: [spec.splits[0].weight: Invalid value: 150: "))
    }

    @Test func goFloat32Texts() {
        #expect(GoFloatFormat.verbV32(150) == "150")
        #expect(GoFloatFormat.verbV32(0.00001) == "1e-05")
        #expect(GoFloatFormat.verbV32(0.0001) == "0.0001")
        #expect(GoFloatFormat.verbV32(123456) == "123456")
        #expect(GoFloatFormat.verbV32(1_500_000) == "1.5e+06")
        #expect(GoFloatFormat.verbV32(Float("33.333")!) == "33.333")
        #expect(GoFloatFormat.json32(16.75) == "16.75")
        #expect(GoFloatFormat.json32(50) == "50")
        #expect(GoFloatFormat.json32(Float("0.01")!) == "0.01")
        #expect(GoFloatFormat.json32(1e-7) == "1e-7")
        #expect(GoFloatFormat.json32(1e22) == "1e+22")
        #expect(GoFloatFormat.json32(16_777_216) == "16777216")
        #expect(GoFloatFormat.json32(-0.5) == "-0.5")
    }

    @Test func headersAndEscapesInTheSplitsJSON() {
        var split = ServiceSplit(weight: .full, service: "pay<ments>", serviceSubset: "a&b")
        split.requestHeaders = HeaderModifiers(add: [KeyValue("z", "1"), KeyValue("a", "2\n")], remove: ["x"])
        split.responseHeaders = HeaderModifiers()
        #expect(CRDSplitJSON.array([split], weights: [100]) == #"[{"weight":100,"service":"pay\u003cments\u003e","#
            + #""serviceSubset":"a\u0026b","requestHeaders":{"add":{"a":"2\n","z":"1"},"remove":["x"]},"responseHeaders":{}}]"#)
        #expect(CRDSplitJSON.array([], weights: []) == "null")
        #expect(CRDSplitJSON.string("a\u{08}\u{0C}\u{01}\u{7F}\u{2028}") == #""a\b\f\u0001\#u{7F}\u2028""#)
    }
}
