/// One registered service instance, as the stand-in's catalog holds it and the health endpoint lists it.
///
/// Consul fills a node, the service, and the checks of both; the stand-in keeps one check
/// status per instance and reports the node's Serf check as passing.
public struct ServiceInstance: Sendable, Equatable {
    /// Health of the instance's one service check.
    public enum Status: String, Sendable {
        case passing, warning, critical
    }

    /// Unique among registrations (`payments-green-1`).
    public var id: String
    /// The service name it is listed under (`payments`).
    public var service: String
    public var tags: [String]
    /// The address clients should use; empty means the node's address.
    public var address: String
    public var port: Int
    public var meta: [String: String]
    public var node: String
    public var nodeAddress: String
    public var status: Status

    public init(
        id: String, service: String, tags: [String] = [], address: String = "", port: Int, meta: [String: String] = [:],
        node: String = "canarytop-demo", nodeAddress: String = "127.0.0.1", status: Status = .passing
    ) {
        self.id = id
        self.service = service
        self.tags = tags
        self.address = address
        self.port = port
        self.meta = meta
        self.node = node
        self.nodeAddress = nodeAddress
        self.status = status
    }

    /// The checks Consul would list for it: the node's Serf check and the service's own.
    var checks: [[String: Any]] {
        [
            ["Node": node, "CheckID": "serfHealth", "Name": "Serf Health Status", "Status": "passing",
             "Notes": "", "Output": "Agent alive and reachable", "ServiceID": "", "ServiceName": "",
             "ServiceTags": [String](), "Type": ""],
            ["Node": node, "CheckID": "service:\(id)", "Name": "Service '\(service)' check", "Status": status.rawValue,
             "Notes": "", "Output": "", "ServiceID": id, "ServiceName": service, "ServiceTags": tags, "Type": "http"],
        ]
    }

    /// The `{Node, Service, Checks}` entry of `GET /v1/health/service/<name>`.
    func healthEntry(index: UInt64) -> [String: Any] {
        [
            "Node": [
                "ID": "", "Node": node, "Address": nodeAddress, "Datacenter": ConsulStandIn.datacenter,
                "TaggedAddresses": ["lan": nodeAddress, "wan": nodeAddress], "Meta": [String: String](),
                "CreateIndex": index, "ModifyIndex": index,
            ] as [String: Any],
            "Service": [
                "Kind": "", "ID": id, "Service": service, "Tags": tags, "Address": address, "Meta": meta, "Port": port,
                "Weights": ["Passing": 1, "Warning": 1], "EnableTagOverride": false,
                "CreateIndex": index, "ModifyIndex": index,
            ] as [String: Any],
            "Checks": checks,
        ]
    }

    /// The same entry as a value filter expressions can look at (what Go would decode from
    /// the JSON above into Consul's types).
    public var filterField: FilterField {
        FilterField(json: healthEntry(index: 0), shape: Self.healthShape)
    }

    /// What a filter may select — on the health endpoint (a resolver subset filter is only
    /// parsed): Consul's service-node-with-checks.
    public static let healthShape: FilterShape = CheckServiceNodeShape.shape
}
