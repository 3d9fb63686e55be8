import ArgumentParser

/// A failure reported as one line on standard error, with a non-zero exit status.
///
/// ArgumentParser prints `Error: <description>` and exits with `EXIT_FAILURE` (1) for errors
/// that are not its own; usage errors (``ValidationError``) add the usage text instead.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        self.description = message
    }
}
