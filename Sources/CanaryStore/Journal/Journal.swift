#if canImport(Glibc)
import Glibc
#endif
import CanaryCore

/// An append-only JSON-lines record of every splitter change canarytop made or tried.
///
/// Each entry is one line written with a single `write` on an `O_APPEND` descriptor and synced,
/// so concurrent writers never interleave within a line and a crash loses at most the last line.
/// A line that cannot be written whole (a full disk, a file-size limit) is cut off again, under
/// an exclusive `flock`, so the journal never ends in half a line; SIGINT/SIGTERM wait for the
/// append (see ``WriteSection``).
public struct Journal: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The default journal for a splitter file: `payments_splitter.hcl.journal` beside it.
    public static func beside(_ splitterPath: String) -> Journal {
        Journal(path: splitterPath + ".journal")
    }

    /// Appends `entry` as one line.
    public func append(_ entry: JournalEntry) throws(StoreError) {
        let line = Array((entry.json.compact + "\n").utf8)
        try WriteSection.run { () throws(StoreError) in try appendWhole(line) }
    }

    private func appendWhole(_ line: [UInt8]) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "open the journal", errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError.io(path: path, operation: "lock the journal", errno: errno) }
        }
        defer { _ = flock(fd, LOCK_UN) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StoreError.io(path: path, operation: "stat the journal", errno: errno) }
        var written = 0
        while written < line.count {
            let n = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = n < 0 ? errno : ENOSPC
                // Take back the part that was written: a line is there whole or not at all.
                _ = ftruncate(fd, info.st_size)
                throw StoreError.io(path: path, operation: "append to the journal", errno: code)
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw StoreError.io(path: path, operation: "sync the journal", errno: errno) }
    }
}

/// One journal line: who changed what, from which weights to which, how it was applied, and the outcome.
public struct JournalEntry: Sendable, Equatable {
    /// UTC time, RFC 3339 with milliseconds (`2026-11-26T15:58:02.123Z`).
    public var time: String
    /// `$USER` of the operator.
    public var operatorName: String
    /// `set`, `shift`, `rollback`, `promote`, `set-all`.
    public var operation: String
    /// The file path or Consul entry.
    public var target: String
    /// Weights before and after, per split label, in hundredths of a percent.
    public var before: [(String, Int)]
    public var after: [(String, Int)]
    /// `file`, `command`, `api`, `dry-run`.
    public var apply: String
    /// `ok`, or what went wrong.
    public var result: String
    /// The version the change was based on, and the version written (nil when nothing was written).
    public var versionBefore: String?
    public var versionAfter: String?
    /// Why, when the operator (or a guard) said.
    public var reason: String?

    public init(
        time: String, operatorName: String, operation: String, target: String,
        before: [(String, Int)], after: [(String, Int)], apply: String, result: String,
        versionBefore: String?, versionAfter: String?, reason: String?
    ) {
        self.time = time
        self.operatorName = operatorName
        self.operation = operation
        self.target = target
        self.before = before
        self.after = after
        self.apply = apply
        self.result = result
        self.versionBefore = versionBefore
        self.versionAfter = versionAfter
        self.reason = reason
    }

    public static func == (a: JournalEntry, b: JournalEntry) -> Bool { a.json == b.json }

    /// The line's JSON, keys in a fixed order; weights as percent numbers (`33.33`).
    public var json: JSONValue {
        func weights(_ w: [(String, Int)]) -> JSONValue {
            .object(w.map { ($0.0, .number(Double($0.1) / 100)) })
        }
        return .object([
            ("time", .string(time)),
            ("operator", .string(operatorName)),
            ("operation", .string(operation)),
            ("target", .string(target)),
            ("before", weights(before)),
            ("after", weights(after)),
            ("apply", .string(apply)),
            ("result", .string(result)),
            ("version_before", .string(versionBefore)),
            ("version_after", .string(versionAfter)),
            ("reason", .string(reason)),
        ])
    }
}
