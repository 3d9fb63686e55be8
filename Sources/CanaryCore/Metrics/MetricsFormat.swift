/// Which exposition format a scrape gets: the Prometheus text format 0.0.4, or OpenMetrics
/// 1.0.0 text when the scraper's `Accept` header asks for it (Prometheus itself does).
public enum MetricsFormat: Sendable, Equatable {
    case text
    case openMetrics

    /// The `Content-Type` of the answer.
    public var contentType: String {
        switch self {
        case .text: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format for an `Accept` header: OpenMetrics when one of its media ranges is
    /// `application/openmetrics-text` with a quality above 0, else the text format (also
    /// without a header).
    public static func negotiate(accept: String?) -> MetricsFormat {
        guard let accept else { return .text }
        for range in accept.split(separator: ",") {
            // Media types and their parameters hold no blanks: drop the optional ones around `;`.
            let parts = range.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            guard parts.first == "application/openmetrics-text" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0 { return .openMetrics }
        }
        return .text
    }
}
