import Testing
@testable import CanaryCore

@Suite struct TerminalSafeTests {
    @Test func escapeSequencesAreDefused() {
        let hostile = "boom\u{1B}[2J\u{07}done"
        let clean = TerminalSafe.clean(hostile)
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(clean == "boom\u{FFFD}[2J\u{FFFD}done")
    }

    @Test func c1ControlsAndBidiOverridesAreReplaced() {
        #expect(TerminalSafe.clean("a\u{9B}b\u{202E}c") == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func whitespaceBecomesSpaces() {
        #expect(TerminalSafe.clean("line1\nline2\tx\r") == "line1 line2 x ")
    }

    @Test func printableUnicodeIsKept() {
        #expect(TerminalSafe.clean("75.1µs 日本") == "75.1µs 日本")
    }

    @Test func limitCutsWithEllipsis() {
        #expect(TerminalSafe.clean("abcdef", limit: 4) == "abc…")
        #expect(TerminalSafe.clean("abcd", limit: 4) == "abcd")
        #expect(TerminalSafe.clean("", limit: 4) == "")
        #expect(TerminalSafe.clean("abc", limit: 0) == "")
        #expect(TerminalSafe.clean("abc", limit: 1) == "…")
    }
}
