/// Which series count for the canary: those of one destination service that pass the
/// selector (`--selector`), each with its subset.
public struct PassiveSeriesFilter: Sendable, Equatable {
    /// The destination service (`payments`).
    public var service: String
    /// Label matchers every series must pass (PromQL semantics).
    public var selector: [PromMatcher]

    public init(service: String, selector: [PromMatcher] = []) {
        self.service = service
        self.selector = selector
    }

    /// The subset of a series with `labels` when it counts; `nil` when the selector refuses
    /// it, its service is another, or nothing tells its subset.
    public func subset(of labels: PromLabels, clusterName: String? = nil) -> SubsetIdentity? {
        guard PromMatcher.all(selector, match: labels), let identity = SubsetIdentity.of(labels, clusterName: clusterName),
            identity.service == service
        else { return nil }
        return identity
    }
}
