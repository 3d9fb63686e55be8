/// Reply bodies the test servers send: fake-service traces of `web` calling one subset, and
/// what the mesh answers when there is no trace.
enum Traces {
    /// A `web` reply whose upstream `api-v1` ran at `ip`, answering `code`.
    static func web(upstreamIP ip: String, code: Int = 200) -> String {
        """
        {
          "name": "web",
          "uri": "/",
          "type": "HTTP",
          "ip_addresses": ["10.42.0.14"],
          "start_time": "2026-01-02T10:00:00.000100",
          "end_time": "2026-01-02T10:00:00.012400",
          "duration": "12.3ms",
          "body": "Hello World",
          "upstream_calls": {
            "http://localhost:9091": {
              "name": "api-v1",
              "uri": "http://localhost:9091",
              "type": "HTTP",
              "ip_addresses": ["\(ip)"],
              "duration": "10.1ms",
              "body": "Payments",
              "code": \(code)
            }
          },
          "code": \(code == 200 ? 200 : 500)
        }

        """
    }

    static let blueIP = "10.42.0.10"
    static let greenIP = "10.42.0.19"
    static let blue = web(upstreamIP: blueIP)
    static let green = web(upstreamIP: greenIP)

    /// Envoy's text when it cannot reach an upstream: the service answered, without a trace.
    static let envoy503 = "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
}
