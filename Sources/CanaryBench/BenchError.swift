/// Why a benchmark could not run: one line, for the command line to print (it exits 1).
public struct BenchError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ message: String) {
        description = message
    }
}
