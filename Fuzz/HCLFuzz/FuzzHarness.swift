/// What the fuzzer does with one input, and the invariants it insists on.
enum FuzzHarness {
    static func run(_ text: String) {
        let bytes = Array(text.utf8)
        let hcl = try? HCLParser.parse(text, label: "fuzz")
        let json = try? JSONParser.parse(text, label: "fuzz")
        if let hcl { checkRanges(hcl, bytes: bytes) }
        if let json { checkRanges(json, bytes: bytes) }
        guard let root = ConfigFormat.detect(text) == .json ? json : hcl else { return }
        // Decoding differs between origins only in unknownKeys.
        let file = try? SplitterDecoder.decode(root, label: "fuzz", origin: .file)
        let reply = try? SplitterDecoder.decode(root, label: "fuzz", origin: .apiReply)
        guard (file == nil) == (reply == nil), file?.1 == reply?.1 else { fatalError("file and API decoding disagree") }
        for origin in [EntryOrigin.file, .apiReply] {
            if let resolver = try? ResolverDecoder.decode(root, label: "fuzz", origin: origin) {
                _ = SplitterValidation.validate(resolver)
            }
        }
        if file != nil, let document = try? SplitterDocument(text: text, label: "fuzz",
                                                             origin: bytes.count % 2 == 0 ? .file : .apiReply) {
            exercise(document)
        }
    }

    /// Every node's range lies inside the text and its line/column agree with its offset.
    static func checkRanges(_ node: ConfigNode, bytes: [UInt8]) {
        // Line and column of every offset 0...count, computed once.
        var lines = [Int](repeating: 1, count: bytes.count + 1)
        var columns = [Int](repeating: 1, count: bytes.count + 1)
        for (offset, byte) in bytes.enumerated() {
            let newline = byte == 10
            lines[offset + 1] = lines[offset] + (newline ? 1 : 0)
            columns[offset + 1] = newline ? 1 : columns[offset] + (byte & 0xC0 != 0x80 ? 1 : 0)
        }
        walk(node, lines: lines, columns: columns)
    }

    private static func walk(_ node: ConfigNode, lines: [Int], columns: [Int]) {
        check(node.range, lines: lines, columns: columns)
        switch node.value {
        case .object(let members):
            for member in members {
                check(member.keyRange, lines: lines, columns: columns)
                walk(member.value, lines: lines, columns: columns)
            }
        case .list(let elements):
            for element in elements { walk(element, lines: lines, columns: columns) }
        default:
            break
        }
    }

    private static func check(_ range: SourceRange, lines: [Int], columns: [Int]) {
        guard range.start.offset <= range.end.offset, range.end.offset < lines.count else {
            fatalError("range \(range.start.offset)..<\(range.end.offset) outside \(lines.count - 1) bytes")
        }
        for position in [range.start, range.end] {
            guard lines[position.offset] == position.line, columns[position.offset] == position.column else {
                fatalError("position \(position) at offset \(position.offset) should be"
                           + " \(lines[position.offset]):\(columns[position.offset])")
            }
        }
    }

    static func exercise(_ document: SplitterDocument) {
        let entry = document.entry
        _ = SplitterValidation.validate(entry)
        _ = SplitNames(entry: entry).names

        // Rendering for PUT must read back as the same entry (indexes and unknown keys aside).
        var expected = entry
        expected.createIndex = nil
        expected.modifyIndex = nil
        expected.unknownKeys = []
        do {
            let rendered = try SplitterDocument(text: SplitterRewrite.renderJSON(entry), label: "rendered")
            guard rendered.entry == expected else { fatalError("renderJSON does not read back equal") }
        } catch {
            fatalError("renderJSON output does not parse: \(error)")
        }

        guard !entry.splits.isEmpty else { return }
        let count = entry.splits.count
        var edits: [WeightEdit] = [.promote("#1"), .rollback(stable: "#\(count)"),
                                   .set("#1", to: Weight(hundredths: 2_550)), .shift(toward: "#\(count)", by: Weight(hundredths: 1_001))]
        edits.append(.setAll(Dictionary(uniqueKeysWithValues: (1...count).map {
            ("#\($0)", Weight(hundredths: $0 == 1 ? 10_000 - (count - 1) * (10_000 / count / 2) : 10_000 / count / 2))
        })))
        var diffed = false
        for edit in edits {
            guard let change = try? edit.apply(to: entry) else { continue }
            let after = change.after.map(\.hundredths)
            guard after.reduce(0, +) == 10_000, after.allSatisfy({ (0...10_000).contains($0) }) else {
                fatalError("edit \(edit) produced \(after)")
            }
            do {
                let rewritten = try document.rewritten(applying: change)
                if !diffed {
                    _ = LineDiff.unified(from: document.text, to: rewritten, oldLabel: "a", newLabel: "b")
                    diffed = true
                }
            } catch .selfCheckFailed(let reason) {
                fatalError("self-check failed for \(edit): \(reason)")
            } catch {
                continue  // a refusal, e.g. a labelled block that cannot take a weight
            }
        }
    }
}
