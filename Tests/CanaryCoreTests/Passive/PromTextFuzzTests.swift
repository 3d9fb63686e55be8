import Testing
@testable import CanaryCore

/// Seeded random inputs: the parser never crashes, accounts for every line, and reads every
/// valid line exactly — whatever garbage surrounds it.
@Suite struct PromTextFuzzTests {
    private static let alphabet = Array(#"abcxyz_:019 .+-eE{}=",\#t\nInfNa"#.utf8) + [0x0D, 0x00, 0xC3, 0xA9, 0xFF, 0x5C]

    /// A random valid sample and its text, with every escape and odd value the format allows.
    private func randomSample(_ rng: inout SplitMix64) -> (PromSample, String) {
        let nameStart = Array("abcXYZ_:".unicodeScalars), namePart = nameStart + Array("0189".unicodeScalars)
        func name(_ start: [Unicode.Scalar], _ part: [Unicode.Scalar]) -> String {
            var s = String(start.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 0...8, using: &rng) { s.unicodeScalars.append(part.randomElement(using: &rng)!) }
            return s
        }
        let valueScalars = Array("aZ09 ,={}#\\\"\n\té✓-+~.".unicodeScalars)
        var pairs: [(name: String, value: String)] = []
        var names = Set<String>()
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            let label = name(Array("abcXYZ_".unicodeScalars), Array("abcXYZ_019".unicodeScalars))
            guard names.insert(label).inserted else { continue }
            var value = ""
            for _ in 0..<Int.random(in: 0...10, using: &rng) { value.unicodeScalars.append(valueScalars.randomElement(using: &rng)!) }
            pairs.append((label, value))
        }
        let values: [(Double, String)] = [
            (.infinity, "+Inf"), (-.infinity, "-Inf"), (0, "0"), (1_800_000, "1800000"), (61874.5, "61874.5"), (-2.5e-3, "-2.5e-3"),
            (.infinity, "Inf"), (42, "4.2E1"),
        ]
        let (value, valueText) = Int.random(in: 0..<4, using: &rng) == 0
            ? values.randomElement(using: &rng)!
            : { let n = Double(Int.random(in: 0...1_000_000_000, using: &rng)); return (n, String(Int(n))) }()
        let timestamp: Int64? = Bool.random(using: &rng) ? Int64.random(in: -1_000...1_800_000_000_000, using: &rng) : nil
        let metric = name(nameStart, namePart)
        var text = metric
        if !pairs.isEmpty || Bool.random(using: &rng) {
            text += "{" + pairs.map { "\($0.name)=\"\(PromLabels.escape($0.value))\"" }.joined(separator: Bool.random(using: &rng) ? "," : " , ")
            text += Bool.random(using: &rng) && !pairs.isEmpty ? ",}" : "}"
        }
        text += (Bool.random(using: &rng) ? " " : "\t ") + valueText
        if let timestamp { text += " \(timestamp)" }
        return (PromSample(name: metric, labels: PromLabels(pairs), value: value, timestamp: timestamp), text)
    }

    @Test func validSamplesReadBackExactlyAmidGarbage() {
        var rng = SplitMix64(seed: 18)
        for _ in 0..<200 {
            var text = ""
            var expected: [PromSample] = []
            var garbageLines: [Int] = []
            var line = 0
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                line += 1
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    // Garbage that cannot be a sample: it starts with a byte no metric name starts with.
                    var junk: [UInt8] = [Array("0{=}\"9.".utf8).randomElement(using: &rng)!]
                    for _ in 0..<Int.random(in: 0...40, using: &rng) {
                        let b = Self.alphabet.randomElement(using: &rng)!
                        if b != UInt8(ascii: "\n") { junk.append(b) }
                    }
                    text += String(decoding: junk, as: UTF8.self) + "\n"
                    garbageLines.append(line)
                } else {
                    let (sample, written) = randomSample(&rng)
                    expected.append(sample)
                    text += written + "\n"
                }
            }
            let out = PromTextParser.parse(text, limits: PromTextLimits(maxProblems: 1000))
            #expect(out.problems.map(\.line) == garbageLines)
            #expect(out.samples.count == expected.count)
            for (got, want) in zip(out.samples, expected) {
                #expect(got.name == want.name && got.labels == want.labels && got.timestamp == want.timestamp)
                #expect(got.value == want.value)
            }
        }
    }

    @Test func randomBytesNeverCrashAndEveryLineIsAccounted() {
        var rng = SplitMix64(seed: 4242)
        for round in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...600, using: &rng) { bytes.append(Self.alphabet.randomElement(using: &rng)!) }
            if round % 3 == 0 {
                // Mutations of valid lines are harder garbage: mostly almost right.
                let (_, written) = randomSample(&rng)
                var line = Array(written.utf8)
                for _ in 0..<Int.random(in: 1...3, using: &rng) where !line.isEmpty {
                    let at = Int.random(in: 0..<line.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: line.remove(at: at)
                    case 1: line.insert(Self.alphabet.randomElement(using: &rng)!, at: at)
                    default: line[at] = Self.alphabet.randomElement(using: &rng)!
                    }
                }
                bytes = line + [UInt8(ascii: "\n")] + bytes
            }
            bytes.removeAll { $0 == UInt8(ascii: "#") }
            let out = PromTextParser.parse(bytes, limits: PromTextLimits(maxProblems: 10_000))
            // Every line that is neither blank nor a comment is a sample or a problem.
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let counted = lines.prefix(out.lines).filter { line in
                let body = line.last == 0x0D ? line.dropLast() : line[...]
                return body.contains { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            }
            #expect(out.samples.count + out.problemCount == counted.count)
            #expect(out.problems.map(\.line) == out.problems.map(\.line).sorted())
            #expect(out.problems.allSatisfy { (1...max(1, out.lines)).contains($0.line) })
        }
    }

    @Test func aHugeInputKeepsBoundedReports() {
        var text = ""
        text.reserveCapacity(3_000_000)
        for i in 0..<100_000 { text += "garbage{\(i)\n" }
        text += "m 1\n"
        let out = PromTextParser.parse(text)
        #expect(out.problemCount == 100_000)
        #expect(out.problems.count == PromTextLimits().maxProblems)
        #expect(out.samples.map(\.name) == ["m"])
        #expect(out.lines == 100_001)
    }

    @Test func oneEnormousLineIsOneProblem() {
        let text = "m{a=\"" + String(repeating: "x", count: 200_000) + "\"} 1\nn 2\n"
        let out = PromTextParser.parse(text)
        #expect(out.problems.map(\.line) == [1])
        #expect(out.problems[0].excerpt.unicodeScalars.count <= PromTextProblem.excerptLimit)
        #expect(out.samples.map(\.name) == ["n"])
    }
}
