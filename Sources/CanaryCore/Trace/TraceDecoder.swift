/// Turns a reply body into a ``TraceOutcome``: a decoded ``Trace``, or the fault that says why not.
///
/// A single forward pass over the bytes with no intermediate tree, linear in the input,
/// never trapping and never recursing deeper than ``maxDepth`` allows. Strings are built only
/// for the fields a ``Hop`` keeps. Pure: no I/O, no clock, no Foundation.
///
/// Classification, in the order it is decided:
/// - nothing but whitespace (after an optional UTF-8 byte order mark) → ``TraceFault/empty``;
/// - a first byte that cannot start JSON, or a bare word or number followed by more text
///   (`no healthy upstream`, `404 page not found`) → ``TraceFault/notJSON(preview:)``;
/// - otherwise the first problem met while scanning: ``TraceFault/truncated(offset:)``,
///   ``TraceFault/malformed(offset:expected:)``, ``TraceFault/tooDeep(limit:)`` or
///   ``TraceFault/invalidUTF8(offset:)`` (offsets count bytes from the start of the input);
/// - valid JSON that is not an object → ``TraceFault/notAnObject``.
public enum TraceDecoder {
    /// How deeply arrays and objects may nest, counting the top-level object as one.
    public static let maxDepth = JSONScanner.maxDepth

    /// The first line of a non-JSON body is kept up to this many characters.
    public static let previewLimit = 80

    /// Decodes the reply body in `bytes`.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> TraceOutcome {
        bytes.withMemoryRebound(to: UInt8.self) { decode(buffer: $0) }
    }

    /// Decodes the reply body in `bytes`.
    public static func decode(_ bytes: [UInt8]) -> TraceOutcome {
        bytes.withUnsafeBufferPointer { decode(buffer: $0) }
    }

    /// Decodes a reply body held as text.
    public static func decode(_ text: String) -> TraceOutcome {
        decode(text.utf8)
    }

    /// Decodes a reply body from any sequence of bytes (`ArraySlice`, `String.UTF8View`, `Data`…);
    /// contiguous storage is read in place, anything else is copied once.
    public static func decode<Bytes: Sequence>(_ bytes: Bytes) -> TraceOutcome where Bytes.Element == UInt8 {
        if let outcome = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0) }) { return outcome }
        return Array(bytes).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer: UnsafeBufferPointer<UInt8>) -> TraceOutcome {
        var scanner = JSONScanner(buffer)
        scanner.skipByteOrderMark()
        scanner.skipWhitespace()
        guard !scanner.atEnd else { return .fault(.empty) }
        let start = scanner.pos

        switch scanner.current {
        case UInt8(ascii: "{"):
            do throws(ScanFailure) {
                var root = Hop()
                try scanner.readHop(into: &root, depth: 0)
                try scanner.expectEnd()
                return .trace(Trace(root: root))
            } catch {
                return .fault(error.fault)
            }
        case UInt8(ascii: "["), UInt8(ascii: "\""):
            do throws(ScanFailure) {
                try scanner.skipValue(depth: 0)
                try scanner.expectEnd()
                return .fault(.notAnObject)
            } catch {
                return .fault(error.fault)
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            // A bare number or word is JSON only if nothing but whitespace follows;
            // otherwise it is the first word of some text.
            do throws(ScanFailure) {
                try scanner.skipValue(depth: 0)
                try scanner.expectEnd()
                return .fault(.notAnObject)
            } catch {
                if case .truncated = error.fault { return .fault(error.fault) }
                return .fault(.notJSON(preview: preview(buffer, from: start)))
            }
        default:
            return .fault(.notJSON(preview: preview(buffer, from: start)))
        }
    }

    /// The first line of the body from `start`, decoded leniently and made terminal-safe.
    static func preview(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        // Enough bytes for `previewLimit` characters even if every one takes four bytes.
        let window = min(buffer.count, start + previewLimit * 4 + 4)
        var end = start
        while end < window, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
        let line = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        return TerminalSafe.clean(line, limit: previewLimit)
    }
}
