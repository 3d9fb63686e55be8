import CanaryCore
import Foundation

/// A live `service-splitter` config entry in Consul, written with `?cas=<ModifyIndex>`.
///
/// The text of a snapshot is Consul's JSON reply; the text given to ``write(_:over:)`` is the
/// entry's JSON for `PUT /v1/config`. A `false` reply means someone else wrote first: the write
/// is refused as a conflict and nothing is overwritten.
public struct ConsulSplitterStore: SplitterStore {
    public let client: ConsulClient
    public let name: String
    public let kind = "service-splitter"

    public init(client: ConsulClient, name: String) {
        self.client = client
        self.name = name
    }

    public var label: String { "consul \(client.environment.baseURL) \(kind)/\(name)" }
    /// Consul itself.
    public var origin: EntryOrigin { .apiReply }
    public var localPath: String? { nil }

    public func load() async throws -> SplitterSnapshot {
        let reply = try await client.configEntry(kind: kind, name: name)
        return try Self.snapshot(from: reply)
    }

    public func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        guard case .modifyIndex(let index) = base.version else {
            throw StoreError.refused("\(label): a Consul write needs a ModifyIndex to compare against")
        }
        guard try await client.writeConfigEntry(json: text, cas: index) else {
            throw StoreError.conflict("\(kind)/\(name) changed in Consul since it was read (ModifyIndex \(index)); nothing written — reload and retry")
        }
        return try await load()
    }

    /// Waits (blocking query) until the entry changes past `base`, or `wait` seconds pass.
    public func watch(after base: SplitterSnapshot, wait: Int = 30) async throws -> SplitterSnapshot {
        guard case .modifyIndex(let index) = base.version else { return try await load() }
        let reply = try await client.watchConfigEntry(kind: kind, name: name, index: index, wait: wait)
        return try Self.snapshot(from: reply)
    }

    static func snapshot(from reply: ConsulClient.Reply) throws -> SplitterSnapshot {
        var index = reply.index
        if let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
            let modify = object["ModifyIndex"] as? NSNumber {
            index = modify.uint64Value
        }
        guard let index else {
            throw StoreError.consul(status: reply.status, message: "reply carries no ModifyIndex or X-Consul-Index")
        }
        return SplitterSnapshot(text: reply.body, version: .modifyIndex(index))
    }
}
