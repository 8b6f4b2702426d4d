/// One JSON string escape, for the readers that skip `JSONDecoder`
/// (`CanonicalReader`, the API's body reader).
public enum JSONEscape {
    /// Decodes the escape after a backslash at `bytes[at]` (`n`, `"`,
    /// `u00e9`, a `\uD83D\uDE00` pair …) into `out` and moves `at` past it;
    /// `false`, with `at` anywhere, for an escape JSON does not allow.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at: inout Int, into out: inout [UInt8]) -> Bool {
        guard at < bytes.count else { return false }
        let e = bytes[at]
        at += 1
        switch e {
        case 0x22, 0x5C, 0x2F: out.append(e)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
            guard var unit = hex4(bytes, at: &at) else { return false }
            if (0xD800..<0xDC00).contains(unit) {
                // A high surrogate must be followed by `\u` and a low one.
                guard at + 2 <= bytes.count, bytes[at] == 0x5C, bytes[at + 1] == 0x75 else { return false }
                at += 2
                guard let low = hex4(bytes, at: &at), (0xDC00..<0xE000).contains(low) else { return false }
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(unit) else { return false }
            out.append(contentsOf: String(scalar).utf8)
        default: return false
        }
        return true
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at: inout Int) -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[at]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x61...0x66: d = c - 0x61 + 10
            case 0x41...0x46: d = c - 0x41 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
            at += 1
        }
        return v
    }
}
