import CanaryTesting
import CanaryCore
import CanaryProbe
import Crypto
import Foundation
import NIOSSL
import Synchronization
import Testing
import X509

/// The https path: a loopback TLS server with a throwaway self-signed certificate made here.
@Suite(.sharedMachine) struct TLSProbeTests {
    /// A server TLS context with a fresh P-256 key and a one-hour self-signed certificate.
    static func throwawayContext() throws -> NIOSSLContext {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("canarytop test") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: .init(key))
        let pem = try certificate.serializeAsPEM().pemString
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }

    private func settings(_ url: String, insecure: Bool, pace: ProbePlan.Pace = .open(rate: 200)) throws -> ProbeSettings {
        ProbeSettings(target: try ProbeTarget(url: url), pace: pace, concurrency: 4, timeout: 30, maxRequests: 20, insecureTLS: insecure)
    }

    @Test(arguments: [ProbePlan.Pace.closed, .open(rate: 200)])
    func httpsRepliesAreTalliedWithInsecure(pace: ProbePlan.Pace) async throws {
        let reused = Atomic<Int>(0)
        let server = try await ScriptedServer.start(tls: try Self.throwawayContext()) { index, onConnection in
            if onConnection > 0 { reused.add(1, ordering: .relaxed) }
            return .reply(status: 200, body: index % 2 == 0 ? Traces.blue : Traces.green)
        }
        defer { Task { await server.shutdown() } }
        #expect(server.url.hasPrefix("https://"))
        let outcome = try await Probing.run(try settings(server.url, insecure: true, pace: pace))
        #expect(outcome.run.probeFaults.count == 0, "\(outcome.run.probeFaults.byFault)")
        #expect(outcome.run.subset("blue")?.requests == 10)
        #expect(outcome.run.subset("green")?.requests == 10)
        #expect(server.requests == 20)
        // Kept alive: most requests went over a TLS connection already set up.
        #expect(reused.load(ordering: .relaxed) >= 10)
    }

    @Test func anUntrustedCertificateIsATLSFaultWithoutInsecure() async throws {
        let server = try await ScriptedServer.start(tls: try Self.throwawayContext()) { _, _ in .reply(status: 200, body: Traces.blue) }
        defer { Task { await server.shutdown() } }
        let outcome = try await Probing.run(try settings(server.url, insecure: false))
        #expect(outcome.faults(.tls) == 20)
        #expect(outcome.run.replies == 0)
    }
}
