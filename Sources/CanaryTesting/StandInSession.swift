import CanaryStore
import ConsulStandIn

/// A stand-in and canarytop's Consul client pointed at it, both closed however `body` ends.
public func withStandIn(
    requiredToken: String? = nil, validator: ConsulStandIn.Validator? = ConsulStandIn.consulRules,
    flags: ConsulEnvironment.Flags = .init(), _ body: (ConsulStandIn, ConsulClient) async throws -> Void
) async throws {
    let consul = try await ConsulStandIn.start(requiredToken: requiredToken, validator: validator)
    var flags = flags
    flags.address = consul.address
    let client: ConsulClient
    do {
        client = try ConsulClient(environment: try ConsulEnvironment.from([:], flags: flags) { _ in "" })
    } catch {
        await consul.shutdown()
        throw error
    }
    do {
        try await body(consul, client)
    } catch {
        await client.shutdown()
        await consul.shutdown()
        throw error
    }
    await client.shutdown()
    await consul.shutdown()
}
