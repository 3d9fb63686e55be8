import CanaryHTTP
import NIOHTTP1

extension ConsulStandIn {
    /// The one datacenter the stand-in is (Consul's default name).
    public static let datacenter = "dc1"

    /// What Consul Community Edition answers to a request scoped elsewhere, before the endpoint
    /// runs and before any ACL check: a namespace or an admin partition (`?ns=`, `?partition=`,
    /// or the `X-Consul-Namespace`/`X-Consul-Partition` headers; even `default`) is refused with
    /// 400 and Consul's text — they are Enterprise features — and another datacenter (`?dc=`) has
    /// no path to it: 500. An empty value, or `dc=dc1`, is the stand-in itself.
    func scopeRefusal(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        if request.headers.first(name: "X-Consul-Namespace")?.isEmpty == false {
            return text(.badRequest, #"Invalid header: "X-Consul-Namespace" - Namespaces are a Consul Enterprise feature"#, index: nil)
        }
        if request.queryValue("ns")?.isEmpty == false {
            return text(.badRequest, #"Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature"#, index: nil)
        }
        if request.headers.first(name: "X-Consul-Partition")?.isEmpty == false {
            return text(.badRequest, #"Invalid header: "X-Consul-Partition" - Partitions are a Consul Enterprise feature"#, index: nil)
        }
        if request.queryValue("partition")?.isEmpty == false {
            return text(.badRequest, #"Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature"#, index: nil)
        }
        if let dc = request.queryValue("dc"), !dc.isEmpty, dc != Self.datacenter {
            return text(.internalServerError, "No path to datacenter", index: nil)
        }
        return nil
    }
}
