/// libFuzzer entry point for the trace decoder and the Go duration parser.
///
/// Built by `Fuzz/run-trace-fuzz.sh` together with the CanaryCore `Trace/` and `Text/` sources
/// into one module (no `import`). Besides "never crash, never hang", it checks invariants
/// that must hold for every input and traps when one does not, so libFuzzer keeps the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func traceFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let outcome = TraceDecoder.decode(bytes)

    // The same bytes through another overload give the same answer.
    let copy = [UInt8](bytes)
    check(TraceDecoder.decode(copy) == outcome, "overloads disagree")

    switch outcome {
    case .fault(.truncated(let offset)):
        check(offset == size, "truncated at \(offset) of \(size)")
    case .fault(.malformed(let offset, _)), .fault(.invalidUTF8(let offset)):
        check(offset >= 0 && offset < size, "offset \(offset) outside \(size)")
    case .fault(.notJSON(let preview)):
        check(preview.unicodeScalars.count <= TraceDecoder.previewLimit, "preview too long")
        check(!preview.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control in preview")
    case .fault(.tooDeep(let limit)):
        check(limit == TraceDecoder.maxDepth, "limit \(limit)")
    case .fault(.empty), .fault(.notAnObject):
        break
    case .trace(let trace):
        checkHop(trace.root)
        // Cut before the closing brace, a complete trace is a truncated one.
        if let close = copy.lastIndex(of: UInt8(ascii: "}")), copy.first != 0xEF {
            let cut = TraceDecoder.decode(copy[..<close])
            check(cut == .fault(.truncated(offset: close)) || cut == .fault(.empty), "prefix gave \(cut)")
        }
        // Trailing whitespace changes nothing.
        check(TraceDecoder.decode(copy + [0x20, 0x0A]) == outcome, "trailing whitespace changed the outcome")
    }

    // The duration parser on raw bytes agrees with itself on the decoded text.
    let seconds = GoDuration.seconds(utf8: bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    if text.utf8.elementsEqual(copy) {
        check(GoDuration.seconds(text) == seconds, "duration text and bytes disagree")
    }
    if let seconds { check(seconds.isFinite, "non-finite duration") }
    return 0
}

/// Every hop's parsed duration is the one its text gives.
private func checkHop(_ hop: Hop) {
    if let text = hop.durationText {
        check(GoDuration.seconds(text) == hop.duration, "duration \(text) mismatch")
    } else {
        check(hop.duration == nil, "duration without text")
    }
    for call in hop.upstreamCalls { checkHop(call) }
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant failed: \(message())") }
}
