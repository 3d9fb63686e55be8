/// A reply of Prometheus' HTTP API to `/api/v1/query` or `/api/v1/query_range`, decoded.
public struct PromQueryResponse: Sendable, Equatable {
    /// The data of a successful query, or what went wrong.
    public var outcome: Outcome
    /// `warnings`: the query ran but something is off (e.g. a partial answer).
    public var warnings: [String]
    /// `infos` (Prometheus 3): notes about the query.
    public var infos: [String]
    /// Series or samples left out because they carry native histograms (`histogram`,
    /// `histograms`), which canarytop does not read.
    public var skippedNativeHistograms: Int

    public enum Outcome: Sendable, Equatable {
        case success(PromQueryResult)
        case failure(PromAPIFailure)
    }

    public init(outcome: Outcome, warnings: [String] = [], infos: [String] = [], skippedNativeHistograms: Int = 0) {
        self.outcome = outcome
        self.warnings = warnings
        self.infos = infos
        self.skippedNativeHistograms = skippedNativeHistograms
    }
}

/// The `data` of a successful query, by its `resultType`.
public enum PromQueryResult: Sendable, Equatable {
    /// An instant query's series, one point each.
    case vector([PromInstantSample])
    /// A range query's series, each with its points in time order.
    case matrix([PromRangeSeries])
    /// A single number (`query=1+1`).
    case scalar(PromPoint)
    /// A single string.
    case string(time: Double, value: String)
}

/// One value at one time; the time in seconds since the Unix epoch, as Prometheus writes it.
public struct PromPoint: Sendable, Equatable {
    public var time: Double
    public var value: Double

    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }

    /// Equal times, and values equal or both NaN (Prometheus writes NaN for empty buckets' quantiles).
    public static func == (a: PromPoint, b: PromPoint) -> Bool {
        a.time == b.time && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }
}

/// One series of an instant vector.
public struct PromInstantSample: Sendable, Equatable {
    /// `__name__`; `nil` for a computed series (`sum(…)`).
    public var name: String?
    /// Every label but `__name__`.
    public var labels: PromLabels
    public var point: PromPoint

    public init(name: String?, labels: PromLabels, point: PromPoint) {
        self.name = name
        self.labels = labels
        self.point = point
    }
}

/// One series of a range query.
public struct PromRangeSeries: Sendable, Equatable {
    /// `__name__`; `nil` for a computed series.
    public var name: String?
    /// Every label but `__name__`.
    public var labels: PromLabels
    /// The points in time order.
    public var points: [PromPoint]

    public init(name: String?, labels: PromLabels, points: [PromPoint]) {
        self.name = name
        self.labels = labels
        self.points = points
    }
}

/// An error envelope: `{"status":"error","errorType":"bad_data","error":"…"}`.
public struct PromAPIFailure: Sendable, Equatable, CustomStringConvertible {
    /// `bad_data`, `execution`, `timeout`, `canceled`, `internal`, `unavailable`, `not_found`, …
    public var errorType: String
    /// The message, as Prometheus wrote it (from the network: clean before drawing).
    public var error: String

    public init(errorType: String, error: String) {
        self.errorType = errorType
        self.error = error
    }

    /// `prometheus: bad_data: 1:7: parse error: …`, safe for a terminal.
    public var description: String {
        "prometheus: \(TerminalSafe.clean(errorType, limit: 40)): \(TerminalSafe.clean(error, limit: 300))"
    }
}

/// A reply that is not the API's envelope: not JSON, or a field missing or of the wrong kind.
public struct PromDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The caller's name for the reply (`prometheus reply`).
    public var label: String
    /// What is wrong, naming the field (`data.result[3].value[1]: expected a string`).
    public var message: String

    public init(label: String, message: String) {
        self.label = label
        self.message = message
    }

    public var description: String { "\(label): \(message)" }
}
