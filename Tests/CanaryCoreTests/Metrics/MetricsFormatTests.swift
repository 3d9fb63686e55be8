import Testing
@testable import CanaryCore

@Suite struct MetricsFormatTests {
    @Test func prometheusItselfGetsOpenMetrics() {
        // What Prometheus 2.42 sends on every scrape.
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        #expect(MetricsFormat.negotiate(accept: prometheus) == .openMetrics)
        #expect(MetricsFormat.negotiate(accept: "Application/OpenMetrics-Text; version=1.0.0") == .openMetrics)
    }

    @Test func everythingElseGetsTheTextFormat() {
        #expect(MetricsFormat.negotiate(accept: nil) == .text)
        #expect(MetricsFormat.negotiate(accept: "*/*") == .text)
        #expect(MetricsFormat.negotiate(accept: "text/plain;version=0.0.4") == .text)
        #expect(MetricsFormat.negotiate(accept: "application/openmetrics-text;q=0, text/plain") == .text)
        #expect(MetricsFormat.text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(MetricsFormat.openMetrics.contentType == "application/openmetrics-text; version=1.0.0; charset=utf-8")
    }
}
