import Testing
@testable import CanaryStore

@Suite struct ConsulEnvironmentTests {
    private func env(
        _ vars: [String: String], _ flags: ConsulEnvironment.Flags = .init(), tokenFile: String = ""
    ) throws -> ConsulEnvironment {
        try ConsulEnvironment.from(vars, flags: flags) { path in
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
        #expect(try env(["CONSUL_HTTP_ADDR": "ignored:1"], .init(address: "127.0.0.1:18500")).baseURL == "http://127.0.0.1:18500")
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

    @Test func flagsWinOverTheVariablesAsInTheConsulCLI() throws {
        let vars = ["CONSUL_HTTP_ADDR": "env:1", "CONSUL_HTTP_TOKEN": "env-token", "CONSUL_CACERT": "/env/ca.pem",
                    "CONSUL_NAMESPACE": "env-ns", "CONSUL_PARTITION": "env-part"]
        let fromEnv = try env(vars)
        #expect(fromEnv.hostPort == "env:1" && fromEnv.token == "env-token" && fromEnv.caCertFile == "/env/ca.pem")
        #expect(fromEnv.namespace == "env-ns" && fromEnv.partition == "env-part" && fromEnv.datacenter == nil)
        let flags = ConsulEnvironment.Flags(
            address: "https://flag:9", token: "flag-token", caFile: "/flag/ca.pem", datacenter: "dc2", namespace: "team", partition: "p1")
        let e = try env(vars, flags)
        #expect(e.baseURL == "https://flag:9" && e.token == "flag-token" && e.caCertFile == "/flag/ca.pem")
        #expect(e.datacenter == "dc2" && e.namespace == "team" && e.partition == "p1")
        // A token file wins over a token, even one given as a flag (as Consul's API client does).
        #expect(try env(["CONSUL_HTTP_TOKEN_FILE": "/run/token"], .init(token: "flag-token"), tokenFile: "from-file\n").token == "from-file")
        #expect(try env([:], .init(tokenFile: "/run/token"), tokenFile: "from-flag-file").token == "from-flag-file")
        // A bad address names where it came from.
        #expect(throws: StoreError.refused("--http-addr: \"a b\" is not host:port")) { try env(vars, .init(address: "a b")) }
        #expect(throws: StoreError.refused("CONSUL_HTTP_ADDR: \"a b\" is not host:port")) { try env(["CONSUL_HTTP_ADDR": "a b"]) }
    }
}
