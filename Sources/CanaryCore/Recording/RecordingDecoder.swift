/// Reads one line of a recording back into a ``RecordingEntry``.
///
/// Reply and fault lines go through ``RecordLineScanner``; anything it gives up on, and every
/// other kind of line, is parsed as JSON and read field by field. A line that is not a record
/// of this format is a ``RecordingLineError`` saying why.
public enum RecordingDecoder {
    /// The entry on `line` (its bytes, without the line feed).
    public static func decode(_ line: UnsafeRawBufferPointer) throws(RecordingLineError) -> RecordingEntry {
        if let entry = RecordLineScanner.scan(line) { return entry }
        return try decode(String(decoding: line, as: UTF8.self))
    }

    /// The entry on `line` (without the line feed).
    public static func decode(_ line: String) throws(RecordingLineError) -> RecordingEntry {
        let node: ConfigNode
        do {
            node = try JSONParser.parse(line, label: "line")
        } catch {
            throw RecordingLineError("not JSON (\(error.message))")
        }
        let f = try RecordFields(node)
        if f.has(RecordingHeader.formatKey) { return .header(try header(f)) }
        let kind = try f.string("k")
        switch kind {
        case "r": return try reply(f)
        case "f":
            let name = try f.string("fault")
            guard let fault = ProbeFault(rawValue: name) else { throw RecordingLineError("unknown probe fault \"\(name)\"") }
            return .fault(fault, latency: try f.double("lat"), at: try f.double("t"))
        case "epoch": return .epoch(number: try f.int("n"), at: try f.double("t"))
        case "split":
            let names = try f.strings("names"), subsets = try f.strings("subsets"), weights = try f.ints("weights_x100")
            guard names.count == subsets.count, names.count == weights.count else {
                throw RecordingLineError("a split's names, subsets and weights differ in number")
            }
            let split = RecordedSplit(
                service: try f.string("service"), names: names, subsets: subsets, weights: weights.map(Weight.init(hundredths:)),
                stable: try f.optionalString("stable"), version: try f.optionalString("version") ?? "")
            return .split(split, external: try f.bool("external"), at: try f.double("t"))
        case "verdict":
            return .verdict(
                canary: try f.string("canary"), outcome: try f.string("outcome"), reason: try f.optionalString("reason") ?? "",
                at: try f.double("t"))
        case "event":
            let name = try f.string("kind")
            guard let eventKind = DashboardEvent.Kind(recordedName: name) else { throw RecordingLineError("unknown event kind \"\(name)\"") }
            return .event(kind: eventKind, text: try f.string("text"), at: try f.double("t"))
        case "key": return .key(try f.string("key"), at: try f.double("t"))
        case "end": return .end(try end(f))
        default: throw RecordingLineError("unknown record kind \"\(kind)\"")
        }
    }

    private static func reply(_ f: RecordFields) throws(RecordingLineError) -> RecordingEntry {
        var observation = Observation(
            subset: try f.optionalString("sub"), status: try f.int("st"), body: .trace, hopCode: try f.optionalInt("hop"),
            hopDuration: try f.optionalDouble("hdur"), latency: try f.double("lat"))
        if let name = try f.optionalString("body") {
            guard let fault = TraceFault(className: name) else { throw RecordingLineError("unknown body class \"\(name)\"") }
            observation.body = .notATrace(fault)
        }
        if let hop = try f.object("fail") {
            observation.failingHop = FailingHop(path: try hop.strings("path"), code: try hop.optionalInt("code"), error: try hop.optionalString("err"))
        }
        return .reply(observation, at: try f.double("t"))
    }

    private static func header(_ f: RecordFields) throws(RecordingLineError) -> RecordingHeader {
        let version = try f.int(RecordingHeader.formatKey)
        guard version == RecordingHeader.currentVersion else {
            throw RecordingLineError("recording format version \(version); this canarytop reads version \(RecordingHeader.currentVersion)")
        }
        var policy = VerdictPolicy()
        if let v = try f.object("verdict") {
            policy = VerdictPolicy(
                alpha: try v.optionalDouble("alpha") ?? policy.alpha,
                maxErrorIncrease: try v.optionalDouble("max_5xx_increase") ?? policy.maxErrorIncrease,
                maxP99Increase: try v.optionalDouble("max_p99_increase") ?? policy.maxP99Increase, slo: try v.optionalDouble("slo"),
                inFlight: InFlightCharge(rawValue: try v.optionalString("in_flight") ?? "") ?? policy.inFlight,
                power: try v.optionalDouble("power") ?? policy.power)
        }
        return RecordingHeader(
            version: version, target: try f.string("target"), rate: try f.optionalDouble("rate"),
            rateLabel: try f.optionalString("rate_label") ?? "", concurrency: try f.optionalInt("concurrency") ?? 1,
            subsets: try f.strings("subsets"), applyMode: try f.optionalString("apply") ?? "", until: try f.optionalString("until"),
            stable: try f.optionalString("stable"), verdict: policy, headless: try f.bool("headless"))
    }

    private static func end(_ f: RecordFields) throws(RecordingLineError) -> RecordingEnd {
        guard let sends = try f.object("sends") else { throw RecordingLineError("\"sends\" is missing") }
        var names: [String]?
        var weights: [Weight]?
        if let w = try f.object("weights") {
            names = try w.strings("names")
            weights = try w.ints("x100").map(Weight.init(hundredths:))
        }
        var writes: [RecordingEnd.Write] = []
        for item in try f.list("writes") {
            let w = try RecordFields(item, "a write")
            writes.append(RecordingEnd.Write(time: try w.double("t"), summary: try w.string("summary"), succeeded: try w.bool("ok")))
        }
        var verdicts: [CanaryVerdict] = []
        for item in try f.list("verdicts") { verdicts.append(try VerdictCodec.verdict(item)) }
        return RecordingEnd(
            time: try f.double("t"), sent: try sends.int("sent"), inFlight: try sends.int("in_flight"), late: try sends.int("late"),
            skipped: try sends.int("skipped"), retried: try sends.int("retried"), weightNames: names, weights: weights,
            ending: try f.string("ending"), endingReason: try f.optionalString("ending_reason"), finish: try f.optionalString("finish"),
            finishReason: try f.optionalString("finish_reason"), rollbackPending: try f.bool("rollback_pending"),
            hadStable: try f.bool("had_stable"), writes: writes, verdicts: verdicts)
    }
}
