import Testing
@testable import ConsulStandIn

/// Go's regexp dialect: what is accepted, and that matching keeps Go's meaning through ICU.
@Suite struct RE2PatternTests {
    private func pattern(_ text: String) throws -> RE2Pattern { try RE2Pattern(Array(text.utf8)) }

    @Test func refusesWhatGoRefuses() {
        for bad in ["(?=a)", "(?!a)", "(?<=a)", "(?<!a)", #"(a)\1"#, #"\Z"#, #"\C"#, "a**", "a*+", "a{2}{3}", "*a", "a|*",
                    "a{1001}", "a{2,1001}", "(a{100}){100}", "(", ")", "[a", "[z-a]", "[[:foo:]]", #"\p{Foo}"#, #"\e"#,
                    "(?P<>a)", "(?P<a-b>c)", "(?x)a", "(?-)a", #"\"#] {
            #expect(throws: RE2Error.self, "\(bad)") { try pattern(bad) }
        }
        #expect(throws: RE2Error.self) { try RE2Pattern([0xFF]) }
    }

    @Test func acceptsGoSyntaxOthersLack() throws {
        for good in ["", "a{,3}", "s{01}", "a*?", "^*p", "(?i)A", "(?i:a)b", "(?P<n>a)", "(?<n>a)", "(?)a", "[]a]", "[^]a]",
                     "[a-b-c]", #"[\d-z]"#, #"\Qa.b\E"#, #"\x{41}\x41\101\0"#, #"\pL\p{Greek}\PN\p{^L}"#, "[[:^digit:]]", #"\_\-"#] {
            #expect(throws: Never.self, "\(good)") { _ = try pattern(good) }
        }
    }

    @Test func matchesWithGosMeaning() throws {
        #expect(try !pattern(#"\d"#).matches("٣"))            // ASCII digits only
        #expect(try !pattern(#"^\w+$"#).matches("Zürich"))
        #expect(try pattern(#"^\w+$"#).matches("Zurich_1"))
        #expect(try !pattern("World$").matches("World\n"))    // $ is the end of the text
        #expect(try pattern("(?m)World$").matches("World\nx"))
        #expect(try !pattern("a.b").matches("a\nb"))
        #expect(try pattern("a.b").matches("a\u{2028}b"))            // only \n is special to Go's dot
        #expect(try pattern("(?s)a.b").matches("a\nb"))
        #expect(try pattern(#"\bZ"#).matches("a Z"))
        #expect(try pattern(#"rich\b"#).matches("richü"))            // ü is not a word character in Go
        #expect(try pattern("a{,3}").matches("a{,3}"))
        #expect(try pattern("(?i)[^a]").matches("b"))
        #expect(try !pattern("(?i)^[^a]$").matches("A"))
        #expect(try pattern("(?i)zürich").matches("ZÜRICH"))
    }
}
