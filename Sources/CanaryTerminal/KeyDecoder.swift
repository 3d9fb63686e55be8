import CanaryCore

/// Turns a character code from the terminal into a ``Key``.
public enum KeyDecoder {
    /// `code` is a Unicode scalar value as read in raw mode (Ctrl-C arrives as 3).
    public static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 3: return .interrupt
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }
}
