import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The few calls of Consul's HTTP API canarytop makes, each with a timeout.
///
/// The ACL token goes in `X-Consul-Token` and never into an error message or log.
public final class ConsulClient: Sendable {
    public let environment: ConsulEnvironment
    private let http: HTTPClient
    /// Per-request deadline for ordinary calls.
    public let timeout: TimeAmount

    public init(environment: ConsulEnvironment, timeout: TimeAmount = .seconds(5)) throws {
        self.environment = environment
        self.timeout = timeout
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(2), read: .seconds(65))
        config.connectionPool.retryConnectionEstablishment = false
        if environment.scheme == "https" {
            var tls = TLSConfiguration.makeClientConfiguration()
            if !environment.verifyTLS { tls.certificateVerification = .none }
            if let ca = environment.caCertFile { tls.trustRoots = .file(ca) }
            if let cert = environment.clientCertFile, let key = environment.clientKeyFile {
                do {
                    tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                    tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
                } catch {
                    throw StoreError.refused("CONSUL_CLIENT_CERT/CONSUL_CLIENT_KEY: cannot load: \(error)")
                }
            }
            config.tlsConfiguration = tls
        }
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Must be called once the client is no longer needed.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// A reply from Consul: status, body text, and `X-Consul-Index`.
    public struct Reply: Sendable {
        public var status: Int
        public var body: String
        public var index: UInt64?
    }

    /// `GET /v1/config/<kind>/<name>`; 404 becomes ``StoreError/consul(status:message:)`` with Consul's text.
    public func configEntry(kind: String, name: String) async throws -> Reply {
        let reply = try await send(.GET, path: "/v1/config/\(Self.escape(kind))/\(Self.escape(name))", query: [])
        guard reply.status == 200 else { throw Self.error(for: reply) }
        return reply
    }

    /// `GET /v1/config/<kind>/<name>?index=N&wait=…`: returns when the entry changes or the wait ends.
    public func watchConfigEntry(kind: String, name: String, index: UInt64, wait: Int = 30) async throws -> Reply {
        let reply = try await send(
            .GET, path: "/v1/config/\(Self.escape(kind))/\(Self.escape(name))",
            query: [("index", String(index)), ("wait", "\(wait)s")], deadline: .seconds(Int64(wait) + 10))
        guard reply.status == 200 else { throw Self.error(for: reply) }
        return reply
    }

    /// `PUT /v1/config[?cas=N]` with the entry's JSON. Returns Consul's `true`/`false`.
    public func writeConfigEntry(json: String, cas: UInt64?) async throws -> Bool {
        let reply = try await send(.PUT, path: "/v1/config", query: cas.map { [("cas", String($0))] } ?? [], body: json)
        guard reply.status == 200 else { throw Self.error(for: reply) }
        switch reply.body.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "true": return true
        case "false": return false
        default: throw StoreError.consul(status: 200, message: "unexpected reply \"\(reply.body.prefix(80))\"")
        }
    }

    /// `GET /v1/health/service/<service>?filter=…[&passing]` (optionally blocking on `index`).
    public func healthService(_ service: String, filter: String?, passing: Bool, index: UInt64? = nil, wait: Int = 30) async throws -> Reply {
        var query: [(String, String)] = []
        if let filter { query.append(("filter", filter)) }
        if passing { query.append(("passing", "")) }
        if let index { query += [("index", String(index)), ("wait", "\(wait)s")] }
        let reply = try await send(
            .GET, path: "/v1/health/service/\(Self.escape(service))", query: query,
            deadline: index == nil ? nil : .seconds(Int64(wait) + 10))
        guard reply.status == 200 else { throw Self.error(for: reply) }
        return reply
    }

    private func send(
        _ method: HTTPMethod, path: String, query: [(String, String)], body: String? = nil, deadline: TimeAmount? = nil
    ) async throws -> Reply {
        var query = query
        if let dc = environment.datacenter { query.append(("dc", dc)) }
        if let ns = environment.namespace { query.append(("ns", ns)) }
        if let partition = environment.partition { query.append(("partition", partition)) }
        let queryText = query.isEmpty ? "" : "?" + query.map { $0.1.isEmpty ? Self.escape($0.0) : "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: environment.baseURL + path + queryText)
        request.method = method
        if let token = environment.token { request.headers.add(name: "X-Consul-Token", value: token) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        do {
            let response = try await http.execute(request, timeout: deadline ?? timeout)
            let bytes = try await response.body.collect(upTo: 8 << 20)
            return Reply(
                status: Int(response.status.code), body: String(buffer: bytes),
                index: response.headers.first(name: "X-Consul-Index").flatMap { UInt64($0) })
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw StoreError.unreachable("\(environment.baseURL): no answer within the timeout")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unreachable("\(environment.baseURL): \(Self.describe(error))")
        }
    }

    private static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }

    private static func error(for reply: Reply) -> StoreError {
        let message = reply.body.trimmingCharacters(in: .whitespacesAndNewlines)
        return .consul(status: reply.status, message: message.isEmpty ? HTTPResponseStatus(statusCode: reply.status).reasonPhrase : String(message.prefix(300)))
    }

    /// Percent-encodes all but RFC 3986's unreserved ASCII characters (`é` → `%C3%A9`).
    public static func escape(_ s: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
