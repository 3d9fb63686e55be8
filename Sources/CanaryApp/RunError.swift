/// Why a watch could not start or go on: one line, for the command line to print (it exits 1).
public struct RunError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ message: String) {
        description = message
    }
}
