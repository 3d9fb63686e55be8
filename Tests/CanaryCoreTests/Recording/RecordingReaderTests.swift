import Testing
@testable import CanaryCore

@Suite struct RecordingReaderTests {
    static let header = RecordingEntry.header(RecordingHeader(
        target: "http://127.0.0.1:9090/", rate: nil, rateLabel: "max", concurrency: 2, subsets: ["blue"], applyMode: "file", headless: true))

    static func text(_ entries: [RecordingEntry]) -> String {
        var out = ""
        for entry in entries { RecordingEncoder.appendLine(entry, to: &out) }
        return out
    }

    static let entries: [RecordingEntry] = {
        var out: [RecordingEntry] = [header]
        for i in 0..<50 {
            if i % 10 == 9 {
                out.append(.fault(.timeout, latency: 1, at: Double(i)))
            } else {
                let o = Observation(subset: "blue", status: 200, body: .trace, latency: Double(i) / 1000)
                out.append(.reply(o, at: Double(i) + 0.5))
            }
        }
        out.append(.epoch(number: 2, at: 50))
        return out
    }()

    /// Reads `bytes` in chunks of `size`; returns the entries with their positions.
    static func read(_ bytes: [UInt8], chunk size: Int) throws -> (entries: [RecordingEntry], positions: [RecordingReader.Position], reader: RecordingReader) {
        var reader = RecordingReader()
        var entries: [RecordingEntry] = []
        var positions: [RecordingReader.Position] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            try bytes[start..<end].withUnsafeBytes { chunk in
                try reader.feed(chunk) { entries.append($0); positions.append($1) }
            }
            start = end
        }
        return (entries, positions, reader)
    }

    @Test func everyChunkSizeReadsTheSameRecordsAtTheSamePlaces() throws {
        let bytes = Array(Self.text(Self.entries).utf8)
        let whole = try Self.read(bytes, chunk: bytes.count)
        #expect(whole.entries == Self.entries)
        #expect(try whole.reader.finish() == nil)
        // A position is where its line starts: reading from there gives that line.
        for (entry, position) in zip(whole.entries, whole.positions) {
            let rest = Array(bytes[position.offset...])
            let line = rest.prefix { $0 != 0x0A }
            #expect(try RecordingDecoder.decode(String(decoding: line, as: UTF8.self)) == entry)
        }
        for size in [1, 2, 3, 7, 64, 1000] {
            let chunked = try Self.read(bytes, chunk: size)
            #expect(chunked.entries == Self.entries, "chunks of \(size)")
            #expect(chunked.positions == whole.positions, "chunks of \(size)")
        }
    }

    @Test func aLastLineCutOffMidWayIsNotReadAndIsReported() throws {
        var bytes = Array(Self.text(Self.entries).utf8)
        bytes += Array(#"{"k":"r","t":51,"lat":0.0"#.utf8)
        let read = try Self.read(bytes, chunk: 100)
        #expect(read.entries == Self.entries)
        let unfinished = try read.reader.finish()
        #expect(unfinished?.line == Self.entries.count + 1)
        #expect(unfinished?.bytes == 25)
    }

    @Test func aGarbageLineInTheMiddleIsSkippedAndCounted() throws {
        var lines = Self.text(Self.entries).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("\u{1B}[31mnot a record", at: 5)
        lines.insert(RecordingEncoder.line(Self.header), at: 9)   // a second header
        let read = try Self.read(Array(lines.joined(separator: "\n").utf8), chunk: 50)
        #expect(read.entries == Self.entries)
        #expect(read.reader.skipped == 2)
        #expect(read.reader.firstBadLine?.line == 6)
        #expect(read.reader.firstBadLine?.problem.hasPrefix("not JSON") == true)
    }

    @Test func whatIsNotARecordingIsRefusedWithItsLine() throws {
        #expect(throws: RecordingReadError(line: 1, "empty: not a canarytop recording")) { try Self.read([], chunk: 10).reader.finish() }
        #expect(throws: RecordingReadError(line: 1, "no whole line: not a canarytop recording")) {
            try Self.read(Array("{\"canarytop_rec".utf8), chunk: 10).reader.finish()
        }
        do {
            _ = try Self.read(Array("hello\n".utf8), chunk: 10)
            Issue.record("read a text file")
        } catch let error as RecordingReadError {
            #expect(error.line == 1 && error.message.hasPrefix("not a canarytop recording"))
        }
        do {
            _ = try Self.read(Array(Self.text(Array(Self.entries.dropFirst())).utf8), chunk: 10)
            Issue.record("read a file without its header")
        } catch let error as RecordingReadError {
            #expect(error == RecordingReadError(line: 1, "not a canarytop recording: it does not start with a header"))
        }
        do {
            _ = try Self.read(Array("{\"canarytop_recording\":7,\"target\":\"x\"}\n".utf8), chunk: 10)
            Issue.record("read another version")
        } catch let error as RecordingReadError {
            #expect(error.description == "line 1: recording format version 7; this canarytop reads version 1")
        }
    }
}
