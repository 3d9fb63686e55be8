/// Where an HTTP/1.1 reply ends, for the floor prober: its head plus `Content-Length` bytes.
///
/// Only what counting replies needs: the end of the head (`\r\n\r\n`) and a `Content-Length`
/// header (any case, optional spaces). A head without one — chunked, or read to the close — is
/// `unframed`: the floor prober counts it as a fault rather than guess.
enum ReplyFraming: Equatable {
    /// The head is not complete yet, or the body is still short.
    case incomplete
    /// The whole reply is the first `length` bytes.
    case complete(length: Int)
    case unframed

    static func length(of bytes: [UInt8]) -> ReplyFraming {
        guard let headEnd = headEnd(of: bytes) else { return .incomplete }
        guard let bodyLength = contentLength(in: bytes[0..<headEnd]) else { return .unframed }
        let total = headEnd + 4 + bodyLength
        return bytes.count >= total ? .complete(length: total) : .incomplete
    }

    /// The index of the `\r\n\r\n` ending the head.
    private static func headEnd(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    private static func contentLength(in head: ArraySlice<UInt8>) -> Int? {
        let name = Array("content-length:".utf8)
        var lineStart = head.startIndex
        while lineStart < head.endIndex {
            let lineEnd = head[lineStart...].firstIndex(of: 13) ?? head.endIndex
            let line = head[lineStart..<lineEnd]
            if line.count > name.count, zip(line.prefix(name.count), name).allSatisfy({ ($0 | 0x20) == $1 }) {
                let digits = line.dropFirst(name.count).drop { $0 == 32 || $0 == 9 }
                let trimmed = digits.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
                guard !trimmed.isEmpty, trimmed.count <= 15, trimmed.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
                return trimmed.reduce(0) { $0 * 10 + Int($1 - 48) }
            }
            lineStart = lineEnd + 2
        }
        return nil
    }
}
