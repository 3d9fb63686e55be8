import Testing
@testable import CanaryCore

@Suite struct MetricsAddressTests {
    @Test func hostsAndPortsAreRead() throws {
        #expect(try MetricsAddress.parse("127.0.0.1:9464").get() == MetricsAddress(host: "127.0.0.1", port: 9464))
        #expect(try MetricsAddress.parse("0.0.0.0:0").get() == MetricsAddress(host: "0.0.0.0", port: 0))
        #expect(try MetricsAddress.parse("localhost:65535").get() == MetricsAddress(host: "localhost", port: 65535))
        let v6 = try MetricsAddress.parse("[::1]:9464").get()
        #expect(v6 == MetricsAddress(host: "::1", port: 9464))
        #expect(v6.description == "[::1]:9464")
    }

    @Test func badAddressesAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("9464", "expected HOST:PORT"), (":9464", "no host"), ("127.0.0.1:", "the port must be"),
            ("127.0.0.1:65536", "the port must be"), ("127.0.0.1:-1", "the port must be"), ("127.0.0.1:94a", "the port must be"),
            ("::1:9464", "in brackets"), ("[::1:9464", "closing ]"), ("[::1]9464", "expected HOST:PORT"),
            ("a b:1", "characters"), ("h\u{1B}[2J:1", "characters"),
        ]
        for (text, words) in cases {
            guard case .failure(let problem) = MetricsAddress.parse(text) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(problem.description.contains(words), "\(text): \(problem)")
            #expect(!problem.description.contains("\u{1B}"))
        }
    }
}
