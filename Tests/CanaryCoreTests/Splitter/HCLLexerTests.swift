import Testing
@testable import CanaryCore

/// Tokens, their ranges, and HCL1's literal rules.
@Suite struct HCLLexerTests {
    private func tokens(_ text: String) throws(ConfigError) -> [HCLToken] {
        var lexer = HCLLexer(text, label: "t.hcl")
        var out: [HCLToken] = []
        while true {
            let token = try lexer.next()
            if token.kind == .end { return out }
            out.append(token)
        }
    }

    private func kinds(_ text: String) throws -> [HCLToken.Kind] {
        try tokens(text).map(\.kind)
    }

    private func number(_ text: String) throws -> ConfigNumber? {
        guard case .number(let number)? = try kinds(text).first else { return nil }
        return number
    }

    private func string(_ text: String) throws -> String? {
        switch try kinds(text).first {
        case .string(let value)?, .heredoc(let value)?: return value
        default: return nil
        }
    }

    private func lexError(_ text: String) -> ConfigError? {
        do {
            _ = try tokens(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func tokensCarryByteRangesLinesAndColumns() throws {
        let found = try tokens("weight = 50,\n  \"é\" = true")
        #expect(found.map(\.kind) == [.identifier("weight"), .equals,
                                      .number(ConfigNumber(literal: "50", value: 50, integer: 50)), .comma,
                                      .string("é"), .equals, .bool(true)])
        #expect(found[2].range.offsets == 9..<11)
        #expect(found[2].range.start.line == 1 && found[2].range.start.column == 10)
        // "é" is two bytes but one column.
        #expect(found[4].range.offsets == 15..<19)
        #expect(found[4].range.start == SourcePosition(offset: 15, line: 2, column: 3))
        #expect(found[5].range.start == SourcePosition(offset: 20, line: 2, column: 7))
    }

    @Test func identifiersAllowDotsAndDashes() throws {
        #expect(try kinds("service_subset a.b-c _x9") == [.identifier("service_subset"), .identifier("a.b-c"), .identifier("_x9")])
        #expect(try kinds("true false truex") == [.bool(true), .bool(false), .identifier("truex")])
    }

    @Test func commentsOfAllKindsAreSkipped() throws {
        let text = "# hash\na = 1 // slashes\n/* block\n spanning */ b /* inline */ = 2 #end"
        #expect(try kinds(text).count == 6)
    }

    @Test func crlfIsWhitespace() throws {
        let found = try tokens("a = 1\r\nb = 2\r\n")
        #expect(found.count == 6)
        #expect(found[3].range.start.line == 2 && found[3].range.start.column == 1)
    }

    @Test func decimalFloatHexOctalAndNegativeNumbers() throws {
        #expect(try number("33.34")?.value == 33.34)
        #expect(try number("1e2")?.value == 100)
        #expect(try number("1E+2")?.value == 100)
        #expect(try number("2.5e-1")?.value == 0.25)
        #expect(try number("-5")?.integer == -5)
        #expect(try number("-5.5")?.value == -5.5)
        #expect(try number("0x1F")?.integer == 31)
        #expect(try number("-0x10")?.integer == -16)
        #expect(try number("010")?.integer == 8)
        #expect(try number("0")?.integer == 0)
        #expect(try number("09.5")?.value == 9.5)
        #expect(try number(".5")?.value == 0.5)
        #expect(try number("1.")?.value == 1)
        #expect(try number("0x1F")?.literal == "0x1F")
    }

    @Test func badNumbersAreErrors() {
        #expect(lexError("a = 09")?.message.contains("invalid octal number \"09\"") == true)
        #expect(lexError("a = 0x")?.message == "invalid hexadecimal number \"0x\"")
        #expect(lexError("a = 1e")?.message == "invalid number \"1e\": the exponent has no digits")
        #expect(lexError("a = 99999999999999999999")?.message == "number \"99999999999999999999\" is out of range")
        #expect(lexError("a = 1e400")?.message == "number \"1e400\" is out of range")
        #expect(lexError("a = 09")?.position == SourcePosition(offset: 4, line: 1, column: 5))
    }

    @Test func stringEscapes() throws {
        #expect(try string(#""a\nb\tc\\d\"e""#) == "a\nb\tc\\d\"e")
        #expect(try string(#""\u00e9\U0001F600""#) == "é😀")
        #expect(try string(#""\101\x42""#) == "AB")
        #expect(try string(#""\a\b\f\r\v""#) == "\u{07}\u{08}\u{0C}\r\u{0B}")
        // Go turns a lone surrogate into U+FFFD.
        #expect(try string(#""\uD800""#) == "\u{FFFD}")
        // Inside ${…} nothing is unescaped and quotes do not end the string.
        #expect(try string(#""a${lookup("x", "y")}\n""#) == "a${lookup(\"x\", \"y\")}\n")
    }

    @Test func badStringsAreErrors() {
        #expect(lexError("a = \"abc")?.message == "string is not terminated (missing closing '\"')")
        #expect(lexError("a = \"abc")?.position?.column == 5)
        let newline = lexError("a = \"ab\ncd\"")
        #expect(newline?.message == "unexpected newline in string (a string must end on the line it starts)")
        #expect(newline?.position == SourcePosition(offset: 7, line: 1, column: 8))
        #expect(lexError(#"a = "\q""#)?.message == "invalid escape sequence in string: backslash followed by 'q'")
        #expect(lexError(#"a = "\u12""#)?.message == "invalid escape sequence in string: expected 4 hexadecimal digits")
        #expect(lexError(#"a = "\xff""#)?.message == "escape sequence in string gives byte 255, which is not valid UTF-8 text")
        #expect(lexError(#"a = "\U00110000""#)?.message == "escape sequence in string is beyond the last Unicode code point")
    }

    @Test func heredocs() throws {
        #expect(try string("<<EOF\nline one\nline two\nEOF\n") == "line one\nline two\n")
        #expect(try string("<<EOF\nEOF\n") == "")
        // The terminator may be indented; plain << keeps that indentation at the end (HCL1).
        #expect(try string("<<EOF\nx\n  EOF\n") == "x\n  ")
        // <<- removes the terminator's indentation from every line.
        #expect(try string("<<-EOT\n    a\n      b\n    EOT\n") == "a\n  b\n")
        // ... but only when every line has it; otherwise the text stays, right-trimmed.
        #expect(try string("<<-EOT\n    a\n  b\n    EOT\n") == "    a\n  b\n")
        // CRLF everywhere.
        #expect(try string("<<EOF\r\nwin\r\nEOF\r\n") == "win\r\n")
        // A word that merely starts like the anchor is content.
        #expect(try string("<<EOF\nEOFX\nEOF\n") == "EOFX\n")
    }

    @Test func heredocTokenEndsAfterTheTerminatorNewline() throws {
        let found = try tokens("a = <<EOF\nx\nEOF\nb = 1")
        #expect(found[2].range.offsets == 4..<16)
        #expect(found[3].kind == .identifier("b"))
        #expect(found[3].range.start.line == 4)
    }

    @Test func heredocErrors() {
        #expect(lexError("a = <<EOF\nx\nEOF")?.message
                == "heredoc is not terminated: expected a line with \"EOF\" followed by a newline")
        #expect(lexError("a = <<EOF x\nEOF\n")?.message == "heredoc anchor must be followed by a newline")
        #expect(lexError("a = <<\nEOF\n")?.message == "heredoc needs a name after '<<', like <<EOF")
        // HCL1 quirk: the line must be at least as long as "-EOF", so an unindented EOF
        // does not end a <<-EOF heredoc.
        #expect(lexError("a = <<-EOF\nx\nEOF\n") != nil)
    }

    @Test func unexpectedCharactersBecomeTokensForTheParser() throws {
        #expect(try kinds(": ; + <") == [.unexpected("':'"), .unexpected("';'"), .unexpected("'+'"), .unexpected("'<'")])
        #expect(try kinds("\u{1B}") == [.unexpected("U+001B")])
    }

    @Test func commentErrors() {
        #expect(lexError("a = 1 /* open")?.message == "comment is not terminated (missing '*/')")
        #expect(lexError("a = 1 /* open")?.position?.column == 7)
        #expect(lexError("a = 1 / 2")?.message == "expected '//' or '/*' to start a comment, found '/'")
        #expect(lexError("a = 1\0")?.message == "unexpected NUL character")
    }
}
