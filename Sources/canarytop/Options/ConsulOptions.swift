import ArgumentParser
import CanaryStore
import Foundation

/// How to reach Consul, spelled as the Consul CLI spells it; shared by every command that talks
/// to Consul (`watch`, `split …`). Each flag wins over the Consul CLI's variable of the same
/// meaning, which is used otherwise.
struct ConsulOptions: ParsableArguments {
    @Option(name: .customLong("http-addr"), help: ArgumentHelp(
        "Consul's HTTP API: host:port, http://… or https://… (default: CONSUL_HTTP_ADDR, else 127.0.0.1:8500).",
        valueName: "addr"))
    var httpAddr: String?

    @Option(help: ArgumentHelp("The ACL token, sent as X-Consul-Token and never printed (default: CONSUL_HTTP_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "A file holding the ACL token; wins over --token (default: CONSUL_HTTP_TOKEN_FILE).", valueName: "file"))
    var tokenFile: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp(
        "The CA certificate to check Consul's https certificate with (default: CONSUL_CACERT).", valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("The datacenter to ask, sent as ?dc= (default: the agent's own).", valueName: "dc"))
    var datacenter: String?

    @Option(help: ArgumentHelp("The namespace, sent as ?ns= (Consul Enterprise; default: CONSUL_NAMESPACE).", valueName: "ns"))
    var namespace: String?

    @Option(help: ArgumentHelp("The admin partition, sent as ?partition= (Consul Enterprise; default: CONSUL_PARTITION).", valueName: "partition"))
    var partition: String?

    /// The first flag given, for "… needs Consul" refusals.
    var givenFlag: String? {
        let given: [(String?, String)] = [
            (httpAddr, "--http-addr"), (token, "--token"), (tokenFile, "--token-file"), (caFile, "--ca-file"),
            (datacenter, "--datacenter"), (namespace, "--namespace"), (partition, "--partition"),
        ]
        return given.first { $0.0 != nil }?.1
    }

    /// Where and how to reach Consul: these flags over the process's environment. `address`
    /// is an old spelling's address (`--consul-addr`, `split --consul`), used when `--http-addr`
    /// is not given.
    func environment(address: String? = nil) throws -> ConsulEnvironment {
        let flags = ConsulEnvironment.Flags(
            address: httpAddr ?? address, token: token, tokenFile: tokenFile, caFile: caFile, datacenter: datacenter,
            namespace: namespace, partition: partition)
        do {
            return try ConsulEnvironment.from(ProcessInfo.processInfo.environment, flags: flags) { path in
                try String(contentsOfFile: path, encoding: .utf8)
            }
        } catch {
            throw CLIError("\(error)")
        }
    }
}
