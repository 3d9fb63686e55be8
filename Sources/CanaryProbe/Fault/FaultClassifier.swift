import CanaryCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorts the errors SwiftNIO reports into the ``ProbeFault`` classes counted on the faults row.
///
/// ```
/// NIOConnectionError with only DNS errors   → .dns
/// IOError(errno: ECONNREFUSED)              → .refused
/// IOError(errno: ECONNRESET), EOF mid-reply → .reset
/// ChannelError.connectTimeout               → .timeout
/// NIOSSLError / BoringSSLError              → .tls
/// ```
public enum FaultClassifier {
    /// The class of `error`; `.other` for anything not recognised.
    public static func classify(_ error: any Error) -> ProbeFault {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return classify(first.error) }
            return .dns
        case is SocketAddressError.UnknownHost:
            return .dns
        case let error as IOError:
            return classify(errno: error.errnoCode)
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return .timeout
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .reset
            default: return .other
            }
        case let error as HTTP1ResponseParser.Failure:
            return error == .truncated ? .reset : .other
        case let error as HTTPParserError:
            switch error {
            case .invalidEOFState, .closedConnection: return .reset
            default: return .other
            }
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tls
        default:
            return .other
        }
    }

    /// The class of a failed system call's `errno`.
    public static func classify(errno code: Int32) -> ProbeFault {
        switch code {
        case ECONNREFUSED: return .refused
        case ECONNRESET, EPIPE, ECONNABORTED: return .reset
        case ETIMEDOUT: return .timeout
        default: return .other
        }
    }
}
