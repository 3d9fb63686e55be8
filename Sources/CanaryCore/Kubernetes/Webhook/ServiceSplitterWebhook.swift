/// The consul-k8s admission webhook's checks on a `ServiceSplitter`, emulated exactly.
///
/// The resource's weights are `float32` fields. The webhook refuses a weight that is not 0
/// and outside 0.01…100 (both bounds compared in float32), and adds the weights up **in
/// float32, left to right**, refusing any sum but exactly 100. So 16.75 / 52.01 / 31.24
/// (99.999992 in float32) is refused although Consul itself would take it. Swift's `Float`
/// is IEEE binary32 with round-to-nearest-even, as Go's float32 is, so the arithmetic is the
/// webhook's own. (The enterprise-only checks on a split's namespace and partition depend on
/// the cluster's Consul and are not made here.)
public enum ServiceSplitterWebhook {
    public static let weightDetail = "weight must be a percentage between 0.01 and 100"
    /// Go's `float32(0.01)`: the constant the webhook compares with.
    static let lowest = Float("0.01")!

    /// The float32 a weight canarytop writes becomes: its text (`16.75`) parsed as float32,
    /// which is exactly `Float(hundredths) / 100` (one correctly rounded division).
    public static func float32(_ weight: Weight) -> Float { Float(weight.hundredths) / 100 }

    /// The webhook's sum: float32, left to right, from 0.
    public static func sum(_ weights: [Float]) -> Float {
        var total: Float = 0
        for weight in weights { total += weight }
        return total
    }

    /// The webhook's test of one weight (`w != 0 && (w > 100 || w < 0.01)` refuses).
    public static func allows(_ weight: Float) -> Bool {
        !(weight != 0 && (weight > 100 || weight < lowest))
    }

    /// True when the webhook admits these weights (per-weight check and the float32 sum).
    public static func admits(_ weights: [Float]) -> Bool {
        weights.allSatisfy(allows) && sum(weights) == 100
    }

    /// True when the webhook admits weights canarytop would write.
    public static func admits(_ weights: [Weight]) -> Bool { admits(weights.map(float32)) }

    /// Everything the webhook would report about `splits` with these float32 weights (one per
    /// split; by default the splits' own weights as canarytop writes them), in its order.
    public static func issues(_ splits: [ServiceSplit], weights: [Float]? = nil) -> [WebhookIssue] {
        let values = weights ?? splits.map { float32($0.weight) }
        precondition(values.count == splits.count, "one weight per split")
        var issues: [WebhookIssue] = []
        for (index, weight) in values.enumerated() where !allows(weight) {
            issues.append(WebhookIssue(field: "spec.splits[\(index)].weight", value: GoFloatFormat.verbV32(weight),
                                       detail: weightDetail))
        }
        let total = sum(values)
        if total != 100 {
            issues.append(WebhookIssue(field: "spec.splits", value: GoQuote.quote(CRDSplitJSON.array(splits, weights: values)),
                                       detail: "the sum of weights across all splits must add up to 100 percent,"
                                           + " but adds up to \(GoFloatFormat.fixed6(total))"))
        }
        return issues
    }

    /// What the API server says when the webhook refuses (form): `admission webhook
    /// "mutate-servicesplitter.consul.hashicorp.com" denied the request: ServiceSplitter.consul.hashicorp.com
    /// "payments" is invalid: …` (several problems in `[…, …]`). kubectl prefixes it with
    /// `Error from server (BadRequest): `.
    public static func denial(name: String, _ issues: [WebhookIssue]) -> String {
        let list = issues.count == 1 ? issues[0].description : "[" + issues.map(\.description).joined(separator: ", ") + "]"
        return "admission webhook \"mutate-servicesplitter.consul.hashicorp.com\" denied the request:"
            + " ServiceSplitter.\(KubernetesKind.group) \(GoQuote.quote(name)) is invalid: \(list)"
    }
}

/// One problem the webhook reports, as Kubernetes' `field.Invalid` words it:
/// `spec.splits[0].weight: Invalid value: 150: weight must be a percentage between 0.01 and 100`.
public struct WebhookIssue: Equatable, Sendable, CustomStringConvertible {
    /// `spec.splits[0].weight`, `spec.splits`.
    public var field: String
    /// The bad value as Go prints it (`150`; a quoted JSON text for the sum).
    public var value: String
    public var detail: String

    public var description: String { "\(field): Invalid value: \(value): \(detail)" }
}
