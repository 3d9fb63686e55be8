import Testing
@testable import CanaryCore

/// The text format as Envoy's `/stats/prometheus` writes it, and the odd forms other exporters use.
@Suite struct PromTextParserTests {
    /// The reference page's example from `web`'s sidecar, as served.
    static let envoyExample = """
        # TYPE envoy_cluster_upstream_rq_xx counter
        envoy_cluster_upstream_rq_xx{local_cluster="web",consul_destination_service="payments",consul_destination_service_subset="blue",envoy_cluster_name="blue",envoy_response_code_class="2"} 48211
        envoy_cluster_upstream_rq_xx{local_cluster="web",consul_destination_service="payments",consul_destination_service_subset="green",envoy_cluster_name="green",envoy_response_code_class="5"} 19

        # TYPE envoy_cluster_upstream_rq_time histogram
        envoy_cluster_upstream_rq_time_bucket{local_cluster="web",consul_destination_service="payments",consul_destination_service_subset="green",envoy_cluster_name="green",le="25"} 4870
        envoy_cluster_upstream_rq_time_bucket{local_cluster="web",consul_destination_service="payments",consul_destination_service_subset="green",envoy_cluster_name="green",le="+Inf"} 5335
        envoy_cluster_upstream_rq_time_sum{local_cluster="web",consul_destination_service="payments",consul_destination_service_subset="green",envoy_cluster_name="green"} 61874.5
        envoy_cluster_upstream_rq_time_count{local_cluster="web",consul_destination_service="payments",consul_destination_service_subset="green",envoy_cluster_name="green"} 5335

        """

    @Test func readsEnvoysExample() {
        let out = PromTextParser.parse(Self.envoyExample)
        #expect(out.problemCount == 0)
        #expect(out.samples.count == 6)
        #expect(out.lines == 9)
        #expect(out.types == ["envoy_cluster_upstream_rq_xx": .counter, "envoy_cluster_upstream_rq_time": .histogram])
        let green5xx = out.samples[1]
        #expect(green5xx.name == "envoy_cluster_upstream_rq_xx")
        #expect(green5xx.value == 19)
        #expect(green5xx.labels["consul_destination_service_subset"] == "green")
        #expect(green5xx.labels["envoy_response_code_class"] == "5")
        #expect(green5xx.labels.count == 5)
        #expect(out.samples[3].labels["le"] == "+Inf")
        #expect(out.samples[4].value == 61874.5)
    }

    @Test func labelOrderDoesNotMatter() {
        let out = PromTextParser.parse("""
            m{b="2",a="1",c="3"} 1
            m{c="3",a="1",b="2"} 2
            m{a="1", b="2" ,c="3",} 3
            """)
        #expect(out.problemCount == 0)
        #expect(Set(out.samples.map(\.labels)).count == 1)
        #expect(out.samples[0].labels.description == #"{a="1",b="2",c="3"}"#)
    }

    @Test func decodesLabelEscapes() {
        let out = PromTextParser.parse(#"m{path="C:\\dir",quote="say \"hi\"",lines="one\ntwo",other="a\tb",brace="}{,="} 1"#)
        #expect(out.problemCount == 0)
        let labels = out.samples[0].labels
        #expect(labels["path"] == #"C:\dir"#)
        #expect(labels["quote"] == #"say "hi""#)
        #expect(labels["lines"] == "one\ntwo")
        // Any other escape is kept as written, as Prometheus does.
        #expect(labels["other"] == #"a\tb"#)
        #expect(labels["brace"] == "}{,=")
        // Written back, the escapes come back.
        #expect(PromTextParser.parse("m\(labels) 1").samples[0].labels == labels)
    }

    @Test func readsSpecialValuesAndTimestamps() {
        let out = PromTextParser.parse("""
            a +Inf
            b -Inf
            c NaN
            d 1.5e3 1712345678123
            e{x="y"} -0.25 -5
            f 7\t\t42
            g 1e-3
            """)
        #expect(out.problemCount == 0)
        let v = out.samples.map(\.value)
        #expect(v[0] == .infinity && v[1] == -.infinity && v[2].isNaN && v[3] == 1500 && v[4] == -0.25 && v[5] == 7 && v[6] == 0.001)
        #expect(out.samples.map(\.timestamp) == [nil, nil, nil, 1_712_345_678_123, -5, 42, nil])
    }

    @Test func keepsUnknownLabelsAndMetrics() {
        let out = PromTextParser.parse(#"something_else{pod="a-1",zone="eu",x:y="no"} 3"#)
        // `x:y` is not a label name (colons only in metric names): the line is a problem.
        #expect(out.problemCount == 1)
        let ok = PromTextParser.parse(#"something_else{pod="a-1",zone="eu",_under="u"} 3"#)
        #expect(ok.samples[0].labels == ["pod": "a-1", "zone": "eu", "_under": "u"])
        #expect(PromTextParser.parse("ns:metric:rate5m 2").samples[0].name == "ns:metric:rate5m")
    }

    @Test func reportsGarbageWithLineNumbersAndReadsTheRest() {
        let text = """
            good_one 1
            this is not a sample
            m{a="1" 2
            m{a="1",a="2"} 3
            m{a=1} 4
            m{="x"} 5
            m{a="unterminated} 6
            m 12abc
            m 1 notatime
            m 1 2 3
            {a="1"} 7
            # TYPE
            # TYPE m counter gauge
            good_two{a="b"} 2
            """
        let out = PromTextParser.parse(text)
        #expect(out.samples.map(\.name) == ["good_one", "good_two"])
        #expect(out.problemCount == 12)
        #expect(out.problems.map(\.line) == Array(2...13))
        #expect(out.problems[0].reason == "the value \"is\" is not a number")
        #expect(out.problems[1].reason == "expected ',' or '}' after the value of label \"a\"")
        #expect(out.problems[2].reason == "a label name repeats in m")
        #expect(out.problems[3].reason == "expected '\"' to open the value of label \"a\"")
        #expect(out.problems[4].reason == "expected a label name")
        #expect(out.problems[5].reason == "the value of label \"a\" is not closed with '\"'")
        #expect(out.problems[6].reason == "the value \"12abc\" is not a number")
        #expect(out.problems[7].reason == "the timestamp \"notatime\" is not a whole number of milliseconds")
        #expect(out.problems[8].reason == "unexpected text after the timestamp")
        #expect(out.problems[9].reason == "expected a metric name")
        #expect(out.problems[10].reason == "expected a metric name after # TYPE")
        #expect(out.problems[11].reason == "expected one type after # TYPE m")
        #expect(out.problems[0].description == "line 2: the value \"is\" is not a number: this is not a sample")
        #expect(out.problemSummary?.hasPrefix("12 bad lines (line 2: ") == true)
    }

    @Test func unterminatedValueIsAProblem() {
        let out = PromTextParser.parse("m{a=\"open 1\nn 2")
        #expect(out.problems.map(\.line) == [1])
        #expect(out.problems[0].reason == "the value of label \"a\" is not closed with '\"'")
        #expect(out.samples.map(\.name) == ["n"])
    }

    @Test func badLinesAreCleanedForTheTerminal() {
        let out = PromTextParser.parse("m\u{1B}[2J 1\n")
        #expect(out.problemCount == 1)
        #expect(!out.problems[0].excerpt.unicodeScalars.contains { $0.value == 0x1B })
        #expect(out.problems[0].excerpt.unicodeScalars.count <= PromTextProblem.excerptLimit)
    }

    @Test func readsCommentsHelpAndCRLF() {
        let out = PromTextParser.parse("# HELP m Requests \\\\ per \\n line\r\n# just a comment\r\n# TYPE m gauge\r\n# UNIT m seconds\r\nm 3\r\n\r\n")
        #expect(out.problemCount == 0)
        #expect(out.help["m"] == "Requests \\ per \n line")
        #expect(out.types["m"] == .gauge)
        #expect(out.samples == [PromSample(name: "m", labels: [:], value: 3)])
        #expect(PromTextParser.parse("# TYPE x gaugehistogram\n").types["x"] == .other("gaugehistogram"))
    }

    @Test func stopsAtOpenMetricsEOF() {
        let out = PromTextParser.parse("a 1\n# EOF\nb 2\n")
        #expect(out.sawEOF)
        #expect(out.samples.map(\.name) == ["a"])
        #expect(out.problems.map(\.line) == [3])
        #expect(out.problems[0].reason == "text after # EOF is ignored")
        let clean = PromTextParser.parse("a 1\n# EOF\n")
        #expect(clean.sawEOF && clean.problemCount == 0)
        // An exemplar after the value is ignored.
        let exemplar = PromTextParser.parse(#"a_total 5 # {trace_id="abc"} 1.0"#)
        #expect(exemplar.problemCount == 0 && exemplar.samples[0].value == 5)
    }

    @Test func emptyAndBlankInputs() {
        #expect(PromTextParser.parse("").lines == 0)
        let blank = PromTextParser.parse("\n \n\t\n")
        #expect(blank.lines == 3 && blank.samples.isEmpty && blank.problemCount == 0)
        #expect(PromTextParser.parse(Array("m 1".utf8)).samples.count == 1)
    }

    @Test func limitsBoundWhatIsKept() {
        var text = ""
        for i in 0..<500 { text += "bad line \(i)\n" }
        for i in 0..<50 { text += "m{i=\"\(i)\"} \(i)\n" }
        text += "long " + String(repeating: "x", count: 300) + "\n"
        let limits = PromTextLimits(maxSamples: 10, maxProblems: 5, maxLineBytes: 200, maxMetadata: 1)
        let out = PromTextParser.parse(text + "# TYPE a counter\n# TYPE b counter\n", limits: limits)
        #expect(out.problemCount == 501)
        #expect(out.problems.count == 5)
        #expect(out.samples.count == 10)
        #expect(out.droppedSamples == 40)
        #expect(out.types.count == 1 && out.droppedMetadata == 1)
        #expect(out.problems.allSatisfy { $0.excerpt.unicodeScalars.count <= PromTextProblem.excerptLimit })
        let long = PromTextParser.parse(text, limits: PromTextLimits(maxProblems: 1000, maxLineBytes: 200))
        #expect(long.problems.last?.reason == "line too long (over 200 bytes)")
        #expect(long.problems.last?.line == 551)
    }

    @Test func keepFilterDropsSamplesAsTheyAreRead() {
        let out = PromTextParser.parse(Self.envoyExample) { $0.name.hasSuffix("_bucket") }
        #expect(out.samples.count == 2)
        #expect(out.filteredSamples == 4)
    }
}
