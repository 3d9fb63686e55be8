#if canImport(Glibc)
import Glibc
#endif

/// Why a splitter could not be read, written or applied. Each renders as one line naming the file or field.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (`open`, `rename`…), with the file and the C error.
    case io(path: String, operation: String, errno: Int32)
    /// The file or entry changed since it was read: nothing was written; reload and retry.
    case conflict(String)
    /// The change was refused before anything was written (validation, not a splitter, too big).
    case refused(String)
    /// Consul answered with an error (status and Consul's own text).
    case consul(status: Int, message: String)
    /// Consul could not be reached, or did not answer in time.
    case unreachable(String)
    /// `--apply command` ran and failed: its exit status and (trimmed) output.
    case commandFailed(status: Int32, output: String)
    /// The change was written where it is owned (a Kubernetes resource) but not seen in Consul in
    /// time: the message says where it stopped.
    case notConfirmed(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "\(path): cannot \(operation): \(String(cString: strerror(code)))"
        case .conflict(let message): return "conflict: \(message)"
        case .refused(let message): return message
        case .consul(let status, let message): return "Consul answered \(status): \(message)"
        case .unreachable(let message): return "Consul unreachable: \(message)"
        case .notConfirmed(let message): return message
        case .commandFailed(let status, let output):
            return output.isEmpty ? "apply command exited with status \(status)" : "apply command exited with status \(status): \(output)"
        }
    }
}
