/// How one fake-service instance behaves, as its environment would configure it.
public struct ServiceBehaviour: Sendable, Equatable {
    /// `NAME`.
    public var name: String
    /// `MESSAGE`, the `body` of a good reply.
    public var message: String
    /// What the instance reports in `ip_addresses` (made-up pod addresses in the demo).
    public var ipAddresses: [String]
    public var timing: TimingModel
    /// `ERROR_RATE` (see ``ErrorInjector``); `ERROR_TYPE` is `http_error`.
    public var errorRate: Double
    /// `ERROR_CODE`.
    public var errorCode: Int
    /// `HTTP_CLIENT_REQUEST_TIMEOUT`, in seconds: how long an upstream call may take.
    public var clientTimeout: Double

    public init(
        name: String, message: String = "Hello World", ipAddresses: [String], timing: TimingModel = .instant,
        errorRate: Double = 0, errorCode: Int = 500, clientTimeout: Double = 30
    ) {
        self.name = name
        self.message = message
        self.ipAddresses = ipAddresses
        self.timing = timing
        self.errorRate = errorRate
        self.errorCode = errorCode
        self.clientTimeout = clientTimeout
    }
}
