import Testing
@testable import CanaryCore

/// Inputs the fuzzer (Fuzz/run-hcl-fuzz.sh) found, minimized by hand.
@Suite struct FuzzRegressionTests {
    /// `33.0x = 1` is the float `33.0` then the key `x`. Writing a bare `0` there would
    /// glue onto the `x` and read back as the hex literal `0x`.
    @Test func zeroBeforeAnXDoesNotBecomeHex() throws {
        let text = "Kind = \"service-splitter\"\nName = \"p\"\n"
            + "Splits = [{ Weight = 33.0x5D = 1, ServiceSubset = \"a\" }, { Weight = 67, ServiceSubset = \"b\" }]\n"
        let document = try SplitterDocument(text: text, label: "crash-1a49f94a")
        #expect(document.entry.weights == [w(33), w(67)])
        let rewritten = try document.rewritten(to: [w(0), w(100)])
        #expect(rewritten == text.replacingOccurrences(of: "33.0x5D", with: "0.0x5D").replacingOccurrences(of: "67", with: "100"))
        #expect(try SplitterDocument(text: rewritten, label: "x").entry.weights == [w(0), w(100)])
    }
}
