import Testing
@testable import CanaryCore

/// One-line texts read by the reference parser: whether Prometheus 2.42's `promtool check metrics`
/// (client_golang's text parser) accepted or refused each, recorded once and kept as data. Ours
/// must agree, except where it is deliberately as tolerant as the Prometheus server's own scrape
/// parser (listed in ``deliberatelyMoreTolerant``).
@Suite struct PromTextReferenceTests {
    static let promtool: [(line: String, accepted: Bool)] = [
        ("m 1", true),
        ("m{a=\"1\",} 1", true),
        ("m{b=\"1\",a=\"2\"} 1", true),
        ("m 1 2", true),
        ("m 1 -2", true),
        ("m 1 2.5", false),
        ("m +Inf", true),
        ("m -Inf", true),
        ("m Inf", true),
        ("m Infinity", true),
        ("m NaN", true),
        ("m nan", true),
        ("m 0x1p3", false),
        ("m 1_000", false),
        ("m 1e3", true),
        ("m 1E-3", true),
        ("m .5", true),
        ("m 5.", true),
        ("m 12abc", false),
        ("m", false),
        ("m{a=\"1\",a=\"2\"} 1", false),
        ("m{a=\"1\"}1", true),
        ("m{a=\"1\"} 1 2 3", false),
        ("m{a=1} 1", false),
        ("m{a=\"unterminated} 1", false),
        ("m{a=\"1\" b=\"2\"} 1", false),
        ("m{=\"x\"} 1", false),
        ("m{a=\"x\\\"y\"} 1", true),
        ("m{a=\"x\\\\y\"} 1", true),
        ("m{a=\"x\\ny\"} 1", true),
        ("m{ a = \"1\" } 1", true),
        ("m{a=\"é✓\"} 1", true),
        ("ns:m 1", true),
        ("m:x{a=\"1\"} 1", true),
        ("m{x:y=\"1\"} 1", false),
        ("9m 1", false),
        ("_m 1", true),
        ("m{_a=\"1\"} 1", true),
        ("m{a9=\"1\"} 1", true),
        ("m{9a=\"1\"} 1", false),
        ("m\t1", true),
        ("m 1\t2", true),
        ("m {a=\"1\"} 1", true),
        ("m{a=\"1\"}", false),
        ("m{} 1", true),
        ("{a=\"1\"} 1", false),
        ("m{a=\"1\",,b=\"2\"} 1", false),
        ("m 99999999999999999999", true),
        ("m 1 99999999999999999999", false),
        ("m 1e400", false),
        ("m --1", false),
        ("m +1", true),
        ("m -0", true),
    ]

    /// Refused by promtool, read by the Prometheus server (its lexer takes any `\x` escape in a
    /// label value and an exemplar after the value) and by us.
    static let deliberatelyMoreTolerant: [String] = [#"m{a="x\ty"} 1"#, #"m{a="x"} 1 # {t="1"} 2"#]

    @Test func agreesWithPromtool() {
        for (line, accepted) in Self.promtool {
            let out = PromTextParser.parse(line)
            #expect((out.problemCount == 0 && out.samples.count == 1) == accepted, "\(line)")
            #expect(out.samples.count + out.problemCount == 1, "\(line)")
        }
    }

    @Test func isAsTolerantAsThePrometheusServer() {
        for line in Self.deliberatelyMoreTolerant {
            #expect(PromTextParser.parse(line).samples.count == 1, "\(line)")
        }
    }
}
