import AsyncHTTPClient
import CanaryCore
import Foundation
import NIOCore
import Synchronization

/// The one thing the passive sources ask of the network: `GET url` within a timeout. Behind a
/// protocol so the readers are tested on replies written by hand (``MemoryStatsHTTP``).
///
/// Only GET exists here: canarytop never posts to Envoy's admin API (`/reset_counters` would
/// wipe what others count) nor to Prometheus.
public protocol StatsHTTP: Sendable {
    /// The reply to `GET url`, or why there was none.
    func get(_ url: String, timeout: Double) async throws(StatsFetchError) -> StatsReply
}

/// A reply: its status and body.
public struct StatsReply: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    public init(status: Int, text: String) {
        self.init(status: status, body: Array(text.utf8))
    }
}

/// A read of a passive source that failed: counted and shown, never fatal.
public struct StatsFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line naming the source and what went wrong, safe for a terminal.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// ``StatsHTTP`` over AsyncHTTPClient (SwiftNIO): kept-alive connections, a deadline per request,
/// bodies up to ``maxBody`` bytes.
public final class AsyncStatsHTTP: StatsHTTP {
    private let http: HTTPClient
    /// The largest body read (Envoy's full stats of a big mesh run to megabytes; ours are filtered).
    public let maxBody: Int

    public init(maxBody: Int = 32 << 20) {
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(2), read: nil)
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.maxBody = maxBody
    }

    /// Must be called once the client is no longer needed.
    public func shutdown() async {
        try? await http.shutdown()
    }

    public func get(_ url: String, timeout: Double) async throws(StatsFetchError) -> StatsReply {
        let shown = TerminalSafe.clean(url, limit: 200)
        do {
            let request = HTTPClientRequest(url: url)
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(max(0.001, timeout) * 1e9)))
            let bytes = try await response.body.collect(upTo: maxBody)
            return StatsReply(status: Int(response.status.code), body: Array(bytes.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw StatsFetchError("\(shown): no answer within \(FixedPoint.format(timeout, digits: 1)) s")
        } catch is NIOTooManyBytesError {
            throw StatsFetchError("\(shown): reply larger than \(maxBody) bytes")
        } catch {
            throw StatsFetchError("\(shown): \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if text.contains("remoteConnectionClosed") { return "connection closed before a reply" }
        return String(text.prefix(200))
    }
}

/// ``StatsHTTP`` in memory, for tests: each URL answered by `answer`, every URL asked recorded.
public final class MemoryStatsHTTP: StatsHTTP {
    private let answer: @Sendable (String) -> Result<StatsReply, StatsFetchError>
    private let asked = Mutex<[String]>([])

    public init(_ answer: @escaping @Sendable (String) -> Result<StatsReply, StatsFetchError>) {
        self.answer = answer
    }

    /// Every URL asked for, in order.
    public var requests: [String] { asked.withLock { $0 } }

    public func get(_ url: String, timeout: Double) async throws(StatsFetchError) -> StatsReply {
        asked.withLock { $0.append(url) }
        return try answer(url).get()
    }
}
