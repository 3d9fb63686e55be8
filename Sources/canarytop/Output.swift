import Foundation

/// Writes whole lines at once, unbuffered, so a reader on a pipe sees each line as soon as it is
/// printed and lines from two threads never interleave.
enum Output {
    /// One line on standard output.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// One line on standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
