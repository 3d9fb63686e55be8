/// The identity of one counter series: where it was read (one Envoy replica, or one
/// Prometheus target) and its name and full label set, in any label order.
///
/// Two replicas report the same names and labels for the same subset; keeping the source in
/// the key is what lets each be differenced on its own before a subset's series are summed.
public struct SeriesKey: Sendable, Hashable, CustomStringConvertible {
    /// The replica or target it came from (`10.42.0.7:19000`, `instance="…"`).
    public var source: String
    public var name: String
    public var labels: PromLabels

    public init(source: String, name: String, labels: PromLabels) {
        self.source = source
        self.name = name
        self.labels = labels
    }

    /// `source: name{labels}`.
    public var description: String { "\(source): \(name)\(labels)" }
}
