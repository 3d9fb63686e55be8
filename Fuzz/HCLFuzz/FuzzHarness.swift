/// What the fuzzer does with one input, and the invariants it insists on.
enum FuzzHarness {
    static func run(_ text: String) {
        let bytes = Array(text.utf8)
        if let tree = try? HCLParser.parse(text, label: "fuzz") { checkRanges(tree, bytes: bytes) }
        if let tree = try? JSONParser.parse(text, label: "fuzz") { checkRanges(tree, bytes: bytes) }
        for origin in [EntryOrigin.file, .apiReply] {
            if let document = try? SplitterDocument(text: text, label: "fuzz", origin: origin) {
                exercise(document)
            }
            if let resolver = try? ResolverEntry(text: text, label: "fuzz", origin: origin) {
                _ = SplitterValidation.validate(resolver)
            }
        }
    }

    /// Every node's range lies inside the text and its line/column agree with its offset.
    static func checkRanges(_ node: ConfigNode, bytes: [UInt8]) {
        check(node.range, bytes: bytes)
        switch node.value {
        case .object(let members):
            for member in members {
                check(member.keyRange, bytes: bytes)
                checkRanges(member.value, bytes: bytes)
            }
        case .list(let elements):
            for element in elements { checkRanges(element, bytes: bytes) }
        default:
            break
        }
    }

    static func check(_ range: SourceRange, bytes: [UInt8]) {
        guard range.start.offset <= range.end.offset, range.end.offset <= bytes.count else {
            fatalError("range \(range.start.offset)..<\(range.end.offset) outside \(bytes.count) bytes")
        }
        for position in [range.start, range.end] {
            var line = 1, column = 1
            for byte in bytes[..<position.offset] {
                if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            guard line == position.line, column == position.column else {
                fatalError("position \(position) at offset \(position.offset) should be \(line):\(column)")
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
        for edit in edits {
            guard let change = try? edit.apply(to: entry) else { continue }
            let after = change.after.map(\.hundredths)
            guard after.reduce(0, +) == 10_000, after.allSatisfy({ (0...10_000).contains($0) }) else {
                fatalError("edit \(edit) produced \(after)")
            }
            do {
                let rewritten = try document.rewritten(applying: change)
                _ = LineDiff.unified(from: document.text, to: rewritten, oldLabel: "a", newLabel: "b")
            } catch .selfCheckFailed(let reason) {
                fatalError("self-check failed for \(edit): \(reason)")
            } catch {
                continue  // a refusal, e.g. a labelled block that cannot take a weight
            }
        }
    }
}
