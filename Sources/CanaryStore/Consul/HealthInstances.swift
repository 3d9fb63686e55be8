import Foundation

/// The addresses of a service's instances, read from Consul's `GET /v1/health/service/<name>` reply.
///
/// Each entry's `Service.Address`, or `Node.Address` when the service registered none (an empty
/// `Service.Address` means "the node's address", as in Consul's own clients). Order is kept,
/// duplicates are dropped.
///
/// ```
/// [{"Node":{"Address":"10.0.0.1"},"Service":{"Address":"10.42.0.10"}},
///  {"Node":{"Address":"10.0.0.2"},"Service":{"Address":""}}]      → ["10.42.0.10", "10.0.0.2"]
/// ```
public enum HealthInstances {
    /// The instance addresses in `json`; throws ``StoreError/consul(status:message:)`` when the
    /// reply is not a JSON array of entries.
    public static func addresses(fromJSON json: String) throws -> [String] {
        guard let entries = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else {
            throw StoreError.consul(status: 200, message: "health reply is not a JSON array")
        }
        var seen = Set<String>()
        var out: [String] = []
        for case let entry as [String: Any] in entries {
            let service = entry["Service"] as? [String: Any]
            let node = entry["Node"] as? [String: Any]
            let serviceAddress = (service?["Address"] as? String) ?? ""
            let address = serviceAddress.isEmpty ? (node?["Address"] as? String ?? "") : serviceAddress
            if !address.isEmpty, seen.insert(address).inserted { out.append(address) }
        }
        return out
    }
}
