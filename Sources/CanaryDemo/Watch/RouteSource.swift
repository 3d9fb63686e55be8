import CanaryCore
import ConsulStandIn

/// Reads one config entry (splitter or resolver) the way `consul config write` would accept
/// it, from either place the demo follows: the working-copy file or the stand-in's entry.
enum RouteSource {
    /// Where the text came from, for messages (`payments_splitter.hcl`, `consul service-splitter/payments`).
    static func label(file path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func label(consulKind kind: String, name: String) -> String { "consul \(kind)/\(name)" }

    /// The resolver in `text`, or Consul's reason to refuse it.
    static func resolver(_ text: String, label: String, origin: EntryOrigin) -> Result<ResolverEntry, Refusal> {
        let entry: ResolverEntry
        do {
            entry = try ResolverEntry(text: text, label: label, origin: origin)
        } catch {
            return .failure(Refusal(message: error.description))
        }
        let problem = SplitterValidation.validate(entry).first?.message ?? ConsulStandIn.filterProblem(entry)
        return problem.map { .failure(Refusal(message: "\(label): \($0)")) } ?? .success(entry)
    }

    /// The splitter in `text`, checked against `resolver`, or Consul's reason to refuse it.
    static func splitter(_ text: String, label: String, origin: EntryOrigin, resolver: ResolverEntry?) -> Result<SplitterEntry, Refusal> {
        let entry: SplitterEntry
        do {
            entry = try SplitterDocument(text: text, label: label, origin: origin).entry
        } catch {
            return .failure(Refusal(message: error.description))
        }
        let issues = SplitterValidation.validate(entry, resolver: resolver?.name == entry.name ? resolver : nil)
        return issues.first.map { .failure(Refusal(message: "\(label): \($0.message)")) } ?? .success(entry)
    }

    /// Why a text was not taken: one line that starts with the source's label.
    struct Refusal: Error, Equatable {
        var message: String
    }
}
