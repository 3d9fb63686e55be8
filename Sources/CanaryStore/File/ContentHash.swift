import Crypto

/// SHA-256 of a file's bytes, in lowercase hex — the same text `sha256sum` prints, so a journal
/// line can be matched against a file on disk.
public enum ContentHash {
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        let digest = SHA256.hash(data: Array(bytes))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
