/// The replies `canarytop bench parse` decodes: what a probe of a fake-service mesh sees most.
enum BenchSamples {
    /// A named reply body.
    struct Sample {
        var name: String
        var bytes: [UInt8]
    }

    static let all: [Sample] = [
        Sample(name: "workshop-ok", bytes: Array(workshopOK.utf8)),
        Sample(name: "object-form", bytes: Array(objectForm.utf8)),
        Sample(name: "canary-timeout", bytes: Array(canaryTimeout.utf8)),
    ]

    /// The workshop's successful reply (array form, fake-service before v0.18).
    static let workshopOK = """
        {
          "name": "web",
          "uri": "/",
          "type": "HTTP",
          "ip_addresses": [
            "10.42.0.14"
          ],
          "start_time": "2019-11-21T20:35:47.751446",
          "end_time": "2019-11-21T20:35:47.776328",
          "duration": "24.882855ms",
          "body": "Hello World",
          "upstream_calls": [
            {
              "name": "api-v1",
              "uri": "http://localhost:9091",
              "type": "HTTP",
              "ip_addresses": [
                "10.42.0.10"
              ],
              "start_time": "2019-11-21T20:35:47.759473",
              "end_time": "2019-11-21T20:35:47.774810",
              "duration": "15.337719ms",
              "body": "Response from API v1",
              "upstream_calls": [
                {
                  "uri": "http://localhost:9091",
                  "code": 200
                }
              ],
              "code": 200
            }
          ],
          "code": 200
        }

        """

    /// A current fake-service reply: `upstream_calls` keyed by URI, three upstreams with headers.
    static let objectForm = """
        {
          "name": "web",
          "uri": "/",
          "type": "HTTP",
          "ip_addresses": [
            "10.0.0.5"
          ],
          "start_time": "2026-01-02T10:00:00.000100",
          "end_time": "2026-01-02T10:00:00.031200",
          "duration": "31.1ms",
          "body": "Hello World",
          "upstream_calls": {
            "http://api:9090": {
              "name": "api-v2",
              "uri": "http://api:9090",
              "type": "HTTP",
              "ip_addresses": [
                "10.0.0.9"
              ],
              "start_time": "2026-01-02T10:00:00.000900",
              "end_time": "2026-01-02T10:00:00.021000",
              "duration": "20.1ms",
              "headers": {
                "Content-Length": "312",
                "Content-Type": "text/plain; charset=utf-8",
                "Date": "Fri, 02 Jan 2026 10:00:00 GMT",
                "Server": "envoy",
                "X-Envoy-Upstream-Service-Time": "20"
              },
              "body": "API v2 \\u003ccanary\\u003e",
              "code": 200
            },
            "http://cache:9090": {
              "name": "cache",
              "uri": "http://cache:9090",
              "type": "HTTP",
              "ip_addresses": [
                "10.0.0.11"
              ],
              "start_time": "2026-01-02T10:00:00.001000",
              "end_time": "2026-01-02T10:00:00.001075",
              "duration": "75.1µs",
              "headers": {
                "Content-Type": "text/plain; charset=utf-8"
              },
              "body": "Cache",
              "code": 200
            },
            "http://payments:9090": {
              "name": "payments",
              "uri": "http://payments:9090",
              "type": "HTTP",
              "ip_addresses": [
                "10.0.0.12"
              ],
              "start_time": "2026-01-02T10:00:00.001100",
              "end_time": "2026-01-02T10:00:00.030100",
              "duration": "29ms",
              "headers": {
                "Content-Type": "text/plain; charset=utf-8"
              },
              "body": "Payments",
              "code": 200
            }
          },
          "code": 200
        }

        """

    /// The workshop's reply when the canary timed out (a nested `code: -1` entry).
    static let canaryTimeout = """
        {
          "name": "web",
          "uri": "/",
          "type": "HTTP",
          "ip_addresses": [
            "10.42.0.17"
          ],
          "start_time": "2019-11-20T14:54:27.430419",
          "end_time": "2019-11-20T14:54:32.439444",
          "duration": "5.009025002s",
          "upstream_calls": [
            {
              "name": "api-v1",
              "uri": "http://localhost:9091",
              "type": "HTTP",
              "ip_addresses": [
                "10.42.0.19"
              ],
              "start_time": "2019-11-20T14:54:27.436368",
              "end_time": "2019-11-20T14:54:32.438209",
              "duration": "5.00184028s",
              "upstream_calls": [
                {
                  "uri": "http://localhost:9091",
                  "code": -1,
                  "error": "Error communicating with upstream service: Get http://localhost:9091/: net/http: request canceled (Client.Timeout exceeded while awaiting headers)"
                }
              ],
              "code": 500,
              "error": "Error processing upstream request: http://localhost:9091/"
            }
          ],
          "code": 500
        }

        """
}
