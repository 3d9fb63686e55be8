/// Dividing one plan between several lanes (one per event loop) so that together they keep it.
extension ProbePlan {
    /// `lanes` plans that together send what one plan with these parameters would.
    ///
    /// Open loop: lane `i` takes every `lanes`-th intended time starting with the `i`-th, at
    /// `rate / lanes`. Requests and concurrency are divided as evenly as whole numbers allow
    /// (the first lanes take the remainder); a lane never gets less than one slot of
    /// concurrency, and lanes that would get no requests are left out.
    public static func split(
        pace: Pace, concurrency: Int, maxBacklog: Int? = nil, maxRequests: Int? = nil, end: Double? = nil,
        first: Double = 0, lanes: Int
    ) -> [ProbePlan] {
        precondition(lanes > 0, "at least one lane")
        var count = min(lanes, concurrency)
        if let maxRequests { count = max(1, min(count, maxRequests)) }
        func share(_ total: Int, _ i: Int) -> Int { total / count + (i < total % count ? 1 : 0) }
        return (0..<count).map { i in
            let lanePace: Pace
            var laneFirst = first
            switch pace {
            case .closed:
                lanePace = .closed
            case .open(let rate):
                lanePace = .open(rate: rate / Double(count))
                laneFirst = first + Double(i) / rate
            }
            let laneConcurrency = max(1, share(concurrency, i))
            return ProbePlan(
                pace: lanePace, concurrency: laneConcurrency,
                maxBacklog: maxBacklog.map { max(0, share($0, i)) } ?? laneConcurrency,
                maxRequests: maxRequests.map { share($0, i) }, end: end, first: laneFirst)
        }
    }
}
