import CanaryCore
import CanaryProbe
import Glibc
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// SwiftNIO's errors sorted into the fault classes.
@Suite struct FaultClassifierTests {
    @Test func systemCallErrorsByErrno() {
        #expect(FaultClassifier.classify(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == .refused)
        #expect(FaultClassifier.classify(IOError(errnoCode: ECONNRESET, reason: "read")) == .reset)
        #expect(FaultClassifier.classify(IOError(errnoCode: EPIPE, reason: "write")) == .reset)
        #expect(FaultClassifier.classify(IOError(errnoCode: ETIMEDOUT, reason: "connect")) == .timeout)
        #expect(FaultClassifier.classify(IOError(errnoCode: EACCES, reason: "connect")) == .other)
    }

    @Test func channelParserAndTLSErrors() {
        #expect(FaultClassifier.classify(ChannelError.connectTimeout(.seconds(1))) == .timeout)
        #expect(FaultClassifier.classify(ChannelError.eof) == .reset)
        #expect(FaultClassifier.classify(HTTPParserError.invalidEOFState) == .reset)
        #expect(FaultClassifier.classify(HTTPParserError.invalidStatus) == .other)
        #expect(FaultClassifier.classify(NIOSSLError.handshakeFailed(.sslError([]))) == .tls)
        struct Odd: Error {}
        #expect(FaultClassifier.classify(Odd()) == .other)
    }
}
