import ConsulStandIn

/// The workshop's services as the demo runs them: names, made-up pod addresses, timing knobs,
/// and what differs in green. Pure: no sockets; ``DemoMesh`` starts what this describes.
///
/// `web` (10.42.0.17) calls `payments` at the workshop's sidecar address
/// `http://localhost:9091`, routed by the splitter to subset blue (`payments` v2, 10.42.0.10)
/// or green (v3, 10.42.0.19); each payments instance calls `currency` (10.42.0.23) at the same
/// sidecar address. Blue and green share `NAME` and `MESSAGE`, as in the workshop, so only
/// their IP addresses tell them apart.
public enum DemoTopology {
    /// The sidecar address every upstream call is made to (and recorded under) in the workshop.
    public static let sidecarURI = "http://localhost:9091"
    /// The service the splitter and resolver are for.
    public static let service = "payments"
    /// The name the workshop's pods registered under; the stand-in lists them under both.
    public static let workshopServiceName = "payment"

    public static let webAddress = "10.42.0.17"
    public static let blueAddress = "10.42.0.10"
    public static let greenAddress = "10.42.0.19"
    public static let currencyAddress = "10.42.0.23"

    public static func web(_ c: DemoConfiguration) -> ServiceBehaviour {
        ServiceBehaviour(
            name: "web", message: "Hello World", ipAddresses: [webAddress],
            timing: TimingModel(p50: 0.020, p90: 0.035, p99: 0.060, variance: 10).scaled(by: c.latencyScale))
    }

    public static func blue(_ c: DemoConfiguration) -> ServiceBehaviour {
        payments(c, address: blueAddress)
    }

    public static func green(_ c: DemoConfiguration) -> ServiceBehaviour {
        var b = payments(c, address: greenAddress)
        b.clientTimeout = c.greenTimeout
        b.errorRate = c.effectiveGreenErrorRate
        if c.greenBug == .slow {
            b.timing = TimingModel(p50: c.greenDelay, p90: c.greenDelay * 1.5, p99: c.greenDelay * 2, variance: 10)
                .scaled(by: c.latencyScale)
        }
        return b
    }

    public static func currency(_ c: DemoConfiguration) -> ServiceBehaviour {
        ServiceBehaviour(
            name: "currency", message: "1 EUR = 1.08 USD", ipAddresses: [currencyAddress],
            timing: TimingModel(p50: 0.002, p90: 0.004, p99: 0.008, variance: 10).scaled(by: c.latencyScale))
    }

    /// Whether green's calls to currency go nowhere (the workshop's timeout).
    public static func greenStalls(_ c: DemoConfiguration) -> Bool { c.greenBug == .timeout }

    /// The catalog registration of a payments instance (`version` 2 for blue, 3 for green).
    public static func registration(subset: String, port: Int, service: String = service) -> ServiceInstance {
        let blue = subset == "blue"
        return ServiceInstance(
            id: "\(service)-\(subset)-1", service: service, tags: [blue ? "v2" : "v3"],
            address: blue ? blueAddress : greenAddress, port: port, meta: ["version": blue ? "2" : "3"])
    }

    private static func payments(_ c: DemoConfiguration, address: String) -> ServiceBehaviour {
        ServiceBehaviour(
            name: "payments", message: "Payment accepted", ipAddresses: [address],
            timing: TimingModel(p50: 0.010, p90: 0.020, p99: 0.040, variance: 10).scaled(by: c.latencyScale))
    }
}
