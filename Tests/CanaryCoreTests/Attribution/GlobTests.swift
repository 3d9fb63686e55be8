import Testing
@testable import CanaryCore

@Suite struct GlobTests {
    @Test(arguments: [
        ("api-*", "api-v1", true),
        ("api-*", "api-", true),
        ("api-*", "web", false),
        ("*", "", true),
        ("", "", true),
        ("", "x", false),
        ("a?c", "abc", true),
        ("a?c", "ac", false),
        ("*:9091*", "http://localhost:9091/", true),
        ("http://payments*", "http://currency:9091", false),
        ("v[23]", "v3", true),
        ("v[23]", "v4", false),
        ("v[!23]", "v4", true),
        ("v[a-c]", "vb", true),
        ("a*b*c", "axxbyyc", true),
        ("a*b*c", "axxbyy", false),
        ("[unclosed", "[unclosed", true),
        ("\\*", "*", true),
        ("\\*", "x", false),
        ("µ*", "µs", true),
    ])
    func matching(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test func manyStarsStayLinear() {
        // A pathological pattern for naive backtracking; must simply answer.
        let pattern = Glob(String(repeating: "*a", count: 50) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 5000)))
    }

    @Test func literalDetection() {
        #expect(Glob("api-v1").isLiteral)
        #expect(!Glob("api-*").isLiteral)
    }
}
