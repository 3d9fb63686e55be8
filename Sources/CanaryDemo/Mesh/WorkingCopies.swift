import CanaryCore
import Foundation

/// The demo's working copies of the workshop's resolver and splitter: HCL files the operator
/// (and canarytop) may edit, and that `web` routes by.
///
/// The texts are the workshop's own, byte for byte, compiled in (nothing is read from
/// outside the package). Existing files are never silently replaced: they are reused when
/// Consul would accept them, refused otherwise — unless `reset` says to start over.
public struct WorkingCopies: Sendable, Equatable {
    public static let resolverFileName = "payments_resolver.hcl"
    public static let splitterFileName = "payments_splitter.hcl"

    /// The workshop's `payments_resolver.hcl`.
    public static let workshopResolver = """
        kind = "service-resolver"
        name = "payments"

        # https://www.consul.io/api/health.html#filtering-2
        # Show Node.Meta demonstration showing performance testing a new instance type
        default_subset = "blue"

        subsets = {
          blue = {
            filter = "Service.Meta.version == 2"
          }
          green = {
            filter = "Service.Meta.version == 3"
          }
        }

        """

    /// The workshop's `payments_splitter.hcl` (50/50; note the valid trailing comma after `kind`).
    public static let workshopSplitter = """
        kind = "service-splitter",
        name = "payments"

        splits = [
          {
            weight = 50,
            service_subset = "blue"
          },
          {
            weight = 50,
            service_subset = "green"
          }
        ]

        """

    /// Absolute paths.
    public let resolverPath: String
    public let splitterPath: String
    /// What was done, one line each (`wrote …`, `reusing …`, `set green to 10 …`).
    public let notes: [String]

    /// Writes (or reuses) both files in `directory`, creating it if needed.
    /// - Parameters:
    ///   - greenWeight: when given, the splitter's green split is set to it (blue gets the rest),
    ///     rewriting only the weight literals.
    ///   - reset: overwrite existing files with the workshop's texts.
    public static func prepare(in directory: String, greenWeight: Weight?, reset: Bool) throws(DemoError) -> WorkingCopies {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw DemoError("cannot create \(dir): \(error.localizedDescription)")
        }
        let resolverPath = dir + "/" + resolverFileName
        let splitterPath = dir + "/" + splitterFileName
        var notes: [String] = []

        let resolverText = try place(resolverPath, text: workshopResolver, reset: reset, notes: &notes)
        let resolver: ResolverEntry
        switch RouteSource.resolver(resolverText, label: resolverPath, origin: .file) {
        case .success(let r): resolver = r
        case .failure(let refusal): throw refused(refusal)
        }
        let splitterText = try place(splitterPath, text: workshopSplitter, reset: reset, notes: &notes)
        if case .failure(let refusal) = RouteSource.splitter(splitterText, label: splitterPath, origin: .file, resolver: resolver) {
            throw refused(refusal)
        }
        if let greenWeight {
            try setGreen(greenWeight, path: splitterPath, text: splitterText, resolver: resolver, notes: &notes)
        }
        return WorkingCopies(resolverPath: resolverPath, splitterPath: splitterPath, notes: notes)
    }

    /// The file's text: the existing one, or `text` freshly written.
    private static func place(_ path: String, text: String, reset: Bool, notes: inout [String]) throws(DemoError) -> String {
        if !reset, FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else { throw DemoError("cannot read \(path)") }
            notes.append("reusing \(path) (start over with --reset)")
            return String(decoding: data, as: UTF8.self)
        }
        try write(text, to: path)
        notes.append("wrote \(path)")
        return text
    }

    private static func setGreen(_ weight: Weight, path: String, text: String, resolver: ResolverEntry, notes: inout [String]) throws(DemoError) {
        do {
            let document = try SplitterDocument(text: text, label: path)
            let change = try WeightEdit.set("green", to: weight).apply(to: document.entry, resolver: resolver)
            let newText = try document.rewritten(applying: change)
            if newText != text {
                try write(newText, to: path)
                notes.append("set \(change.summary) in \(path) (--green-weight)")
            }
        } catch let error as DemoError {
            throw error
        } catch {
            throw DemoError("--green-weight: \(path): \(error)")
        }
    }

    private static func write(_ text: String, to path: String) throws(DemoError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DemoError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func refused(_ refusal: RouteSource.Refusal) -> DemoError {
        DemoError("\(refusal.message) — fix the file, or start over with --reset")
    }
}

/// A demo start-up problem, said in one line.
public struct DemoError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
