import Foundation

/// A `matches` pattern: accepted exactly when Go's `regexp.Compile` accepts it, and matched
/// (anywhere in the text, as Go's `Match` does) with Go's meaning — ASCII `\d \s \w \b` and
/// POSIX classes, `.` not matching `\n`, `$` only at the very end — through an ICU pattern
/// written out from the parse.
struct RE2Pattern: @unchecked Sendable {
    let source: [UInt8]
    /// The ICU pattern used for matching (for tests and messages).
    let icu: String
    private let regex: NSRegularExpression

    init(_ source: [UInt8]) throws(RE2Error) {
        self.source = source
        icu = try RE2Parser.parse(source).icu
        do {
            regex = try NSRegularExpression(pattern: icu)
        } catch {
            throw RE2Error("ICU refused the translation \(icu)")
        }
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
