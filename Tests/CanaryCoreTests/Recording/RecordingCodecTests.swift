import Foundation
import Testing
@testable import CanaryCore

@Suite struct RecordingCodecTests {
    static func roundTrip(_ entry: RecordingEntry) throws -> RecordingEntry {
        let line = RecordingEncoder.line(entry)
        #expect(!line.contains("\n"))
        var bytes = Array(line.utf8)
        return try bytes.withUnsafeMutableBytes { try RecordingDecoder.decode(UnsafeRawBufferPointer($0)) }
    }

    static let failing = Observation(
        subset: "green", status: 503, body: .notATrace(TraceFault(className: "not-json")!), hopCode: -1, hopDuration: 0.0125,
        failingHop: FailingHop(path: ["web", "payments-green"], code: -1, error: "connection refused"), latency: 0.034567891234)

    @Test func everyKindOfLineReadsBackAsWritten() throws {
        let verdict = CanaryVerdict(
            canary: "green", stable: "blue", outcome: .inconclusive(more: 42),
            checks: [
                VerdictCheck(kind: .errors, outcome: .fail, stableBad: 1, stableTotal: 100, canaryBad: 40, canaryTotal: 90,
                             pValue: 1.5e-19, effect: 0.43, threshold: 0.01, ratio: nil, requiredRequests: 12),
                VerdictCheck(kind: .latency, outcome: .pass, stableBad: 0, stableTotal: 0, canaryBad: 0, canaryTotal: 0,
                             pValue: .nan, effect: nil, threshold: 0.2, ratio: 1.01,
                             latency: .init(stableP50: 0.01, canaryP50: 0.011, stableP99: 0.05, canaryP99: 0.051, limit: 0.06,
                                            u: 1234.5, mannWhitneyP: 0.3, tailP: 0.7),
                             requiredRequests: nil),
            ],
            canaryRequests: 90, stableRequests: 100, slowInFlightCharged: 2, canaryRate: 9.5)
        let entries: [RecordingEntry] = [
            .header(RecordingHeader(target: "http://127.0.0.1:9090/", rate: 20, rateLabel: "20/s", concurrency: 4,
                                    subsets: ["blue", "green"], applyMode: "file", until: "verdict", stable: "blue",
                                    verdict: VerdictPolicy(alpha: 0.05, slo: 0.25, inFlight: .split), headless: true)),
            .reply(Observation(subset: "blue", status: 200, body: .trace, latency: 0.001), at: 1.5),
            .reply(Observation(subset: nil, status: 503, body: .notATrace(TraceFault(className: "empty")!), latency: 2e-05), at: 3),
            .reply(Self.failing, at: 12.345678901234567),
            .fault(.refused, latency: 0.000123, at: 7.25),
            .epoch(number: 2, at: 9.75),
            .split(RecordedSplit(service: "payments", names: ["blue", "green"], subsets: ["blue", "green"],
                                 weights: [Weight(percent: 90), Weight(hundredths: 1000)], stable: "blue", version: "sha256:ab"),
                   external: true, at: 9.5),
            .verdict(canary: "green", outcome: "fail", reason: "5xx 40/90 vs 1/100", at: 10),
            .event(kind: .change, text: "guard: rolled back \"green\"\n", at: 10.25),
            .key("→", at: 11),
            .end(RecordingEnd(time: 20.5, sent: 400, inFlight: 0, late: 3, skipped: 1, retried: 2,
                              weightNames: ["blue", "green"], weights: [Weight(percent: 100), Weight(percent: 0)],
                              ending: "rolled_back", endingReason: "green FAIL", finish: "rolled_back", finishReason: "guard",
                              rollbackPending: false, hadStable: true,
                              writes: [.init(time: 10.2, summary: "blue 90→100, green 10→0", succeeded: true)], verdicts: [verdict])),
        ]
        for entry in entries {
            let back = try Self.roundTrip(entry)
            if case .end(let e) = back, case .end(let original) = entry {
                // NaN is never equal to itself: compare the verdicts' text instead.
                #expect(VerdictCodec.json(e.verdicts[0]).compact == VerdictCodec.json(original.verdicts[0]).compact)
                #expect(e.verdicts[0].checks[1].pValue.isNaN)
                var a = e, b = original
                a.verdicts = []; b.verdicts = []
                #expect(a == b)
            } else {
                #expect(back == entry, "\(RecordingEncoder.line(entry))")
            }
        }
    }

    @Test func theScannerAndTheParserReadReplyLinesAlike() throws {
        var generator = SplitMix64(seed: 15)
        for i in 0..<2000 {
            // Times as the probe's clock makes them, latencies of every size.
            let t = Double(Int.random(in: 0...4_000_000_000_000, using: &generator)) / 1e9
            let latency = Double.random(in: 0...1, using: &generator) * pow(10, Double(Int.random(in: -6...1, using: &generator)))
            var o = i % 3 == 0 ? Self.failing : Observation(subset: i % 2 == 0 ? "blue" : nil, status: 200, body: .trace, latency: 0)
            o.latency = latency
            let entry = RecordingEntry.reply(o, at: t)
            let line = RecordingEncoder.line(entry)
            var bytes = Array(line.utf8)
            let scanned = bytes.withUnsafeMutableBytes { RecordLineScanner.scan(UnsafeRawBufferPointer($0)) }
            #expect(scanned == entry, "\(line)")
            #expect(try RecordingDecoder.decode(line) == entry, "\(line)")
        }
    }

    @Test func linesTheScannerDoesNotExpectAreStillRead() throws {
        // Another key order, and an escaped string: the JSON parser reads them.
        let reordered = #"{"t":2.5,"k":"r","st":500,"lat":0.25,"sub":"green"}"#
        let escaped = #"{"k":"r","t":1,"lat":0.5,"st":200,"sub":"gr\u00e9en"}"#
        for line in [reordered, escaped] {
            var bytes = Array(line.utf8)
            #expect(bytes.withUnsafeMutableBytes { RecordLineScanner.scan(UnsafeRawBufferPointer($0)) } == nil)
        }
        #expect(try RecordingDecoder.decode(reordered) == .reply(Observation(subset: "green", status: 500, body: .trace, latency: 0.25), at: 2.5))
        #expect(try RecordingDecoder.decode(escaped) == .reply(Observation(subset: "gréen", status: 200, body: .trace, latency: 0.5), at: 1))
    }

    @Test func aBadLineSaysWhatIsWrong() {
        #expect(throws: RecordingLineError.self) { try RecordingDecoder.decode("garbage") }
        #expect((try? RecordingDecoder.decode(#"{"k":"zzz","t":1}"#)) == nil)
        do {
            _ = try RecordingDecoder.decode(#"{"k":"f","t":1,"lat":0.1,"fault":"gremlins"}"#)
            Issue.record("an unknown fault was read")
        } catch {
            #expect(error.message.contains("gremlins"))
        }
        do {
            _ = try RecordingDecoder.decode(#"{"canarytop_recording":2,"target":"x"}"#)
            Issue.record("another version was read")
        } catch {
            #expect(error.message == "recording format version 2; this canarytop reads version 1")
        }
    }
}
