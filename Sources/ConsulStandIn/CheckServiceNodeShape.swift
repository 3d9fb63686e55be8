/// Consul's `structs.CheckServiceNode` as go-bexpr sees it: every field it may filter on,
/// with its Go kind (`Service.Port` is an `int`, `Service.Tags` a `[]string`,
/// `Checks` a slice of structs, `Service.TaggedAddresses` a map of structs).
///
/// Written from Consul's agent/structs types; the fields Consul hides from filters
/// (`bexpr:"-"`: raft indexes, enterprise metadata, locality, opaque config maps, check
/// definitions) are absent, so selecting them is refused as Consul refuses it.
enum CheckServiceNodeShape {
    static let shape: FilterShape = .object([
        "Node": node,
        "Service": nodeService,
        "Checks": .list(healthCheck),
    ])

    static let node: FilterShape = .object([
        "ID": .string, "Node": .string, "Address": .string, "Datacenter": .string, "Partition": .string,
        "PeerName": .string, "TaggedAddresses": .map(.string), "Meta": .map(.string),
    ])

    static let nodeService: FilterShape = .object([
        "Kind": .string, "ID": .string, "Service": .string, "Tags": .list(.string), "Address": .string,
        "TaggedAddresses": .map(serviceAddress), "Meta": .map(.string), "Port": .int, "SocketPath": .string,
        "Weights": .object(["Passing": .int, "Warning": .int]), "EnableTagOverride": .bool,
        "Proxy": connectProxyConfig, "Connect": .object(["Native": .bool]), "PeerName": .string,
    ])

    static let serviceAddress: FilterShape = .object(["Address": .string, "Port": .int])

    static let meshGateway: FilterShape = .object(["Mode": .string])

    static let connectProxyConfig: FilterShape = .object([
        "EnvoyExtensions": .list(.object([
            "Name": .string, "Required": .bool, "ConsulVersion": .string, "EnvoyVersion": .string,
        ])),
        "DestinationServiceName": .string, "DestinationServiceID": .string, "LocalServiceAddress": .string,
        "LocalServicePort": .int, "LocalServiceSocketPath": .string, "Mode": .string,
        "Upstreams": .list(.object([
            "DestinationType": .string, "DestinationNamespace": .string, "DestinationPartition": .string,
            "DestinationPeer": .string, "DestinationName": .string, "Datacenter": .string,
            "LocalBindAddress": .string, "LocalBindPort": .int, "LocalBindSocketPath": .string,
            "LocalBindSocketMode": .string, "MeshGateway": meshGateway,
        ])),
        "MeshGateway": meshGateway,
        "Expose": .object([
            "Checks": .bool,
            "Paths": .list(.object([
                "ListenerPort": .int, "Path": .string, "LocalPathPort": .int, "Protocol": .string, "ParsedFromCheck": .bool,
            ])),
        ]),
        "TransparentProxy": .object(["OutboundListenerPort": .int, "DialedDirectly": .bool]),
        "AccessLogs": .object([
            "Enabled": .bool, "DisableListenerLogs": .bool, "Type": .string, "Path": .string,
            "JSONFormat": .string, "TextFormat": .string,
        ]),
    ])

    static let healthCheck: FilterShape = .object([
        "Node": .string, "CheckID": .string, "Name": .string, "Status": .string, "Notes": .string, "Output": .string,
        "ServiceID": .string, "ServiceName": .string, "ServiceTags": .list(.string), "Type": .string,
        "Interval": .string, "Timeout": .string, "ExposedPort": .int, "PeerName": .string,
    ])
}
