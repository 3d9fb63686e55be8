import Testing
@testable import CanaryStore

@Suite struct ConsulEnvironmentTests {
    private func env(_ vars: [String: String], address: String? = nil, tokenFile: String = "") throws -> ConsulEnvironment {
        try ConsulEnvironment.from(vars, address: address) { path in
            guard path == "/run/token" else { throw StoreError.refused("no file") }
            return tokenFile
        }
    }

    @Test func defaultsToLocalAgent() throws {
        let e = try env([:])
        #expect(e.baseURL == "http://127.0.0.1:8500")
        #expect(e.token == nil)
    }

    @Test func readsAddressSchemeAndSSL() throws {
        #expect(try env(["CONSUL_HTTP_ADDR": "consul.local:8501", "CONSUL_HTTP_SSL": "true"]).baseURL == "https://consul.local:8501")
        #expect(try env(["CONSUL_HTTP_ADDR": "https://consul.local"]).baseURL == "https://consul.local:8501")
        #expect(try env(["CONSUL_HTTP_ADDR": "http://10.0.0.1:8500/"]).baseURL == "http://10.0.0.1:8500")
        #expect(try env(["CONSUL_HTTP_ADDR": "ignored:1"], address: "127.0.0.1:18500").baseURL == "http://127.0.0.1:18500")
        #expect(try env(["CONSUL_HTTP_SSL_VERIFY": "false"]).verifyTLS == false)
    }

    @Test func tokenFileWinsAndTokenIsNeverShown() throws {
        let e = try env(["CONSUL_HTTP_TOKEN": "secret-a", "CONSUL_HTTP_TOKEN_FILE": "/run/token"], tokenFile: "secret-b\n")
        #expect(e.token == "secret-b")
        #expect(!e.description.contains("secret"))
        #expect(e.description.contains("token set"))
    }

    @Test func unreadableTokenFileAndUnixSocketsAreRefused() {
        #expect(throws: StoreError.self) { try env(["CONSUL_HTTP_TOKEN_FILE": "/missing"]) }
        #expect(throws: StoreError.self) { try env(["CONSUL_HTTP_ADDR": "unix:///var/run/consul.sock"]) }
        #expect(throws: StoreError.self) { try env(["CONSUL_HTTP_ADDR": "host with space:1"]) }
    }
}
