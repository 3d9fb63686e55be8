/// Decodes the JSON envelope of Prometheus' HTTP query API, from text to values.
///
/// Reads `status`, `data.resultType` and `data.result` (`vector`, `matrix`, `scalar`,
/// `string`), `errorType`/`error` when the status is `error`, and `warnings`/`infos` either way.
/// Unknown fields are ignored; values are strings (`"42"`, `"NaN"`, `"+Inf"`) and times are
/// JSON numbers of seconds, as Prometheus writes them. Uses the project's strict JSON reader.
public enum PromQueryDecoder {
    /// The reply body `bytes` (UTF-8; invalid sequences become U+FFFD); `label` names it in errors.
    public static func decode(_ bytes: [UInt8], label: String = "prometheus reply") throws(PromDecodeError) -> PromQueryResponse {
        try decode(String(decoding: bytes, as: UTF8.self), label: label)
    }

    /// The reply `text`; `label` names it in errors.
    public static func decode(_ text: String, label: String = "prometheus reply") throws(PromDecodeError) -> PromQueryResponse {
        let root: ConfigNode
        do {
            root = try JSONParser.parse(text, label: label)
        } catch {
            throw PromDecodeError(label: label, message: "not JSON (\(error.message) at \(error.position.map(\.description) ?? "?"))")
        }
        var reader = Reader(label: label)
        return try reader.response(root)
    }

    private struct Reader {
        let label: String
        var skipped = 0

        func fail(_ path: String, _ message: String) -> PromDecodeError {
            PromDecodeError(label: label, message: "\(path): \(message)")
        }

        func member(_ node: ConfigNode, _ key: String) -> ConfigNode? {
            node.members?.last { $0.key == key }?.value
        }

        func string(_ node: ConfigNode?, _ path: String) throws(PromDecodeError) -> String {
            guard let node else { throw fail(path, "missing") }
            guard case .string(let text) = node.value else { throw fail(path, "expected a string, found \(node.kindDescription)") }
            return text
        }

        func list(_ node: ConfigNode?, _ path: String) throws(PromDecodeError) -> [ConfigNode] {
            guard let node else { throw fail(path, "missing") }
            guard case .list(let items) = node.value else { throw fail(path, "expected a list, found \(node.kindDescription)") }
            return items
        }

        func strings(_ node: ConfigNode?, _ path: String) throws(PromDecodeError) -> [String] {
            guard let node, node.value != .null else { return [] }
            var out: [String] = []
            for (index, item) in try list(node, path).enumerated() { out.append(try string(item, "\(path)[\(index)]")) }
            return out
        }

        mutating func response(_ root: ConfigNode) throws(PromDecodeError) -> PromQueryResponse {
            guard root.members != nil else { throw fail("reply", "expected an object, found \(root.kindDescription)") }
            let status = try string(member(root, "status"), "status")
            let warnings = try strings(member(root, "warnings"), "warnings")
            let infos = try strings(member(root, "infos"), "infos")
            switch status {
            case "success":
                let result = try data(member(root, "data"))
                return PromQueryResponse(outcome: .success(result), warnings: warnings, infos: infos, skippedNativeHistograms: skipped)
            case "error":
                let failure = PromAPIFailure(
                    errorType: try string(member(root, "errorType"), "errorType"), error: try string(member(root, "error"), "error"))
                return PromQueryResponse(outcome: .failure(failure), warnings: warnings, infos: infos)
            default:
                throw fail("status", "expected \"success\" or \"error\", found \(quoted(TerminalSafe.clean(status, limit: 40)))")
            }
        }

        mutating func data(_ node: ConfigNode?) throws(PromDecodeError) -> PromQueryResult {
            guard let node else { throw fail("data", "missing") }
            guard node.members != nil else { throw fail("data", "expected an object, found \(node.kindDescription)") }
            let type = try string(member(node, "resultType"), "data.resultType")
            let result = member(node, "result")
            switch type {
            case "vector":
                var samples: [PromInstantSample] = []
                for (index, item) in try list(result, "data.result").enumerated() {
                    let path = "data.result[\(index)]"
                    guard member(item, "value") != nil || member(item, "histogram") == nil else { skipped += 1; continue }
                    let (name, labels) = try metric(member(item, "metric"), "\(path).metric")
                    samples.append(PromInstantSample(name: name, labels: labels, point: try point(member(item, "value"), "\(path).value")))
                }
                return .vector(samples)
            case "matrix":
                var series: [PromRangeSeries] = []
                for (index, item) in try list(result, "data.result").enumerated() {
                    let path = "data.result[\(index)]"
                    guard member(item, "values") != nil || member(item, "histograms") == nil else { skipped += 1; continue }
                    let (name, labels) = try metric(member(item, "metric"), "\(path).metric")
                    var points: [PromPoint] = []
                    for (p, raw) in try list(member(item, "values"), "\(path).values").enumerated() {
                        points.append(try point(raw, "\(path).values[\(p)]"))
                    }
                    series.append(PromRangeSeries(name: name, labels: labels, points: points))
                }
                return .matrix(series)
            case "scalar":
                return .scalar(try point(result, "data.result"))
            case "string":
                let pair = try list(result, "data.result")
                guard pair.count == 2 else { throw fail("data.result", "expected [time, \"text\"]") }
                return .string(time: try time(pair[0], "data.result[0]"), value: try string(pair[1], "data.result[1]"))
            default:
                throw fail("data.resultType", "expected vector, matrix, scalar or string, found \(quoted(TerminalSafe.clean(type, limit: 40)))")
            }
        }

        func metric(_ node: ConfigNode?, _ path: String) throws(PromDecodeError) -> (String?, PromLabels) {
            guard let node else { return (nil, PromLabels()) }
            guard let members = node.members else { throw fail(path, "expected an object, found \(node.kindDescription)") }
            var name: String?
            var pairs: [(name: String, value: String)] = []
            for member in members {
                let value = try string(member.value, "\(path).\(member.key)")
                if member.key == "__name__" { name = value } else { pairs.append((member.key, value)) }
            }
            return (name, PromLabels(pairs))
        }

        func point(_ node: ConfigNode?, _ path: String) throws(PromDecodeError) -> PromPoint {
            let pair = try list(node, path)
            guard pair.count == 2 else { throw fail(path, "expected [time, \"value\"], found \(pair.count) items") }
            let text = try string(pair[1], "\(path)[1]")
            guard let value = PromFloat.parse(text) else {
                throw fail("\(path)[1]", "\(quoted(TerminalSafe.clean(text, limit: 40))) is not a number")
            }
            return PromPoint(time: try time(pair[0], "\(path)[0]"), value: value)
        }

        func time(_ node: ConfigNode, _ path: String) throws(PromDecodeError) -> Double {
            guard case .number(let number) = node.value else { throw fail(path, "expected a time in seconds, found \(node.kindDescription)") }
            return number.value
        }
    }
}
