import Testing
@testable import CanaryCore

/// Prometheus' HTTP API envelopes, as `/api/v1/query` and `/api/v1/query_range` write them.
@Suite struct PromQueryDecoderTests {
    @Test func decodesAnInstantVector() throws {
        let reply = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"envoy_cluster_upstream_rq_xx","consul_destination_service_subset":"green","envoy_response_code_class":"5","instance":"10.0.0.7:20200"},"value":[1712345678.123,"19"]},
              {"metric":{"le":"+Inf","__name__":"envoy_cluster_upstream_rq_time_bucket"},"value":[1712345678.123,"+Inf"]},
              {"metric":{},"value":[1712345678.123,"NaN"]}
            ]}}
            """
        let response = try PromQueryDecoder.decode(reply)
        guard case .success(.vector(let samples)) = response.outcome else { Issue.record("not a vector"); return }
        #expect(samples.count == 3)
        #expect(samples[0].name == "envoy_cluster_upstream_rq_xx")
        #expect(samples[0].labels == ["consul_destination_service_subset": "green", "envoy_response_code_class": "5", "instance": "10.0.0.7:20200"])
        #expect(samples[0].labels["__name__"] == nil)
        #expect(samples[0].point == PromPoint(time: 1712345678.123, value: 19))
        #expect(samples[1].point.value == .infinity)
        #expect(samples[2].name == nil && samples[2].point.value.isNaN)
        #expect(response.warnings.isEmpty && response.infos.isEmpty)
    }

    @Test func decodesARangeMatrixWithWarnings() throws {
        let reply = """
            {"status":"success","warnings":["partial: store down"],"infos":["note"],"data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"c","pod":"a"},"values":[[1700000000,"17"],[1700000015,"19"],[1700000030,"0"],[1700000045,"2"]]},
              {"metric":{"__name__":"c","pod":"b"},"values":[]}
            ]}}
            """
        let response = try PromQueryDecoder.decode(reply)
        guard case .success(.matrix(let series)) = response.outcome else { Issue.record("not a matrix"); return }
        #expect(series.map(\.points.count) == [4, 0])
        #expect(series[0].points.map(\.value) == [17, 19, 0, 2])
        #expect(series[0].points.map(\.time) == [1_700_000_000, 1_700_000_015, 1_700_000_030, 1_700_000_045])
        #expect(response.warnings == ["partial: store down"])
        #expect(response.infos == ["note"])
    }

    @Test func decodesScalarAndString() throws {
        let scalar = try PromQueryDecoder.decode(#"{"status":"success","data":{"resultType":"scalar","result":[1.5,"2"]}}"#)
        #expect(scalar.outcome == .success(.scalar(PromPoint(time: 1.5, value: 2))))
        let string = try PromQueryDecoder.decode(Array(#"{"status":"success","data":{"resultType":"string","result":[3,"hi"]}}"#.utf8))
        #expect(string.outcome == .success(.string(time: 3, value: "hi")))
    }

    @Test func decodesErrorEnvelopes() throws {
        let reply = #"{"status":"error","errorType":"bad_data","error":"1:7: parse error: unexpected \u001b[2J","warnings":["w"]}"#
        let response = try PromQueryDecoder.decode(reply)
        guard case .failure(let failure) = response.outcome else { Issue.record("not a failure"); return }
        #expect(failure.errorType == "bad_data")
        #expect(failure.error == "1:7: parse error: unexpected \u{1B}[2J")
        #expect(response.warnings == ["w"])
        #expect(failure.description.hasPrefix("prometheus: bad_data: 1:7: parse error: unexpected "))
        #expect(!failure.description.unicodeScalars.contains { $0.value == 0x1B })
        let unavailable = try PromQueryDecoder.decode(#"{"status":"error","errorType":"unavailable","error":"TSDB not ready"}"#)
        #expect(unavailable.outcome == .failure(PromAPIFailure(errorType: "unavailable", error: "TSDB not ready")))
    }

    @Test func skipsNativeHistograms() throws {
        let reply = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"h"},"histogram":[1,{"count":"3","sum":"1","buckets":[]}]},
              {"metric":{"__name__":"c"},"value":[1,"4"]}]}}
            """
        let response = try PromQueryDecoder.decode(reply)
        #expect(response.skippedNativeHistograms == 1)
        guard case .success(.vector(let samples)) = response.outcome else { Issue.record("not a vector"); return }
        #expect(samples.map(\.name) == ["c"])
    }

    @Test(arguments: [
        ("<html>502 Bad Gateway</html>", "prometheus reply: not JSON ("),
        ("[]", "prometheus reply: reply: expected an object, found a list"),
        (#"{"data":{}}"#, "prometheus reply: status: missing"),
        (#"{"status":"maybe"}"#, "prometheus reply: status: expected \"success\" or \"error\", found \"maybe\""),
        (#"{"status":"success"}"#, "prometheus reply: data: missing"),
        (#"{"status":"success","data":{"resultType":"tensor","result":[]}}"#, "prometheus reply: data.resultType: expected vector, matrix, scalar or string, found \"tensor\""),
        (#"{"status":"success","data":{"resultType":"vector","result":{}}}"#, "prometheus reply: data.result: expected a list, found an object"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#, "prometheus reply: data.result[0].value[1]: expected a string, found a number"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}}"#, "prometheus reply: data.result[0].value: expected [time, \"value\"], found 1 items"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["1","2"]}]}}"#, "prometheus reply: data.result[0].value[0]: expected a time in seconds, found a string"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}"#, "prometheus reply: data.result[0].metric.a: expected a string, found a number"),
        (#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}"#, "prometheus reply: data.result[0].values[0][1]: \"x\" is not a number"),
        (#"{"status":"error","error":"boom"}"#, "prometheus reply: errorType: missing"),
        (#"{"status":"success","warnings":[1],"data":{"resultType":"vector","result":[]}}"#, "prometheus reply: warnings[0]: expected a string, found a number"),
    ])
    func refusesWhatIsNotTheEnvelope(text: String, message: String) {
        #expect {
            _ = try PromQueryDecoder.decode(text)
        } throws: { error in
            String(describing: error).hasPrefix(message)
        }
    }

    @Test func nullWarningsAreNone() throws {
        let response = try PromQueryDecoder.decode(#"{"status":"success","warnings":null,"data":{"resultType":"vector","result":[]}}"#)
        #expect(response.outcome == .success(.vector([])) && response.warnings.isEmpty)
    }
}
