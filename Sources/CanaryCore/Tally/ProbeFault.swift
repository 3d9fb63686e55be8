/// Why a probe got no reply at all: counted on the probe-faults row, never in a subset.
///
/// A probe fault means the client saw no HTTP status, so there is nothing to attribute:
/// `connect: connection refused`, a reset before the headers, a name that does not resolve.
/// The raw value is the stable name used for counting and JSON (`"refused"`).
public enum ProbeFault: String, Sendable, Hashable, CaseIterable {
    /// The connection was refused (`ECONNREFUSED`).
    case refused
    /// The connection was reset or closed before a complete reply (`ECONNRESET`, EOF).
    case reset
    /// The host name did not resolve.
    case dns
    /// The TLS handshake failed.
    case tls
    /// No complete reply arrived within the probe's deadline.
    case timeout
    /// The reply was larger than the probe accepts.
    case oversized
    /// Anything else that left the probe without a reply.
    case other
}
