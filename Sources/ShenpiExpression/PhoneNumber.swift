/// Mainland China phone numbers.
public enum PhoneNumber {
    /// A mobile number `1[3-9]\d{9}`, or a landline `0\d{2,3}-?\d{7,8}` with an
    /// optional extension `-\d+`. ASCII digits only; no spaces or `+86`.
    ///
    /// One pass over the UTF-8 bytes, no allocation (every submission checks
    /// its phone fields): the text is one to three non-empty runs of ASCII
    /// digits separated by `-`, judged by the first run's length and leading
    /// digits and the second run's length. Splitting bytes at `-` reads the
    /// same runs as splitting characters: a text of ASCII digits and `-` has
    /// one character per byte, and any other byte fails either way.
    /// A number as people write it, in the form `isValid` takes: itself
    /// when valid; else its digits (full-width ones too) without spaces,
    /// hyphens, dots and brackets, and without the country code (`+86`,
    /// `0086`, `86` before a mobile): `+86 138 1234 5678` → `13812345678`,
    /// `(0571)87654321` and `+86-571-87654321` → `057187654321`. `nil` when
    /// that is not valid either (an extension, a foreign number): refused
    /// as written.
    public static func normalized(_ text: String) -> String? {
        if isValid(text) { return text }
        var digits = ""
        var plus = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x2B, 0xFF0B: if digits.isEmpty { plus = true } else { return nil }
            case 0x20, 0x3000, 0x2D, 0xFF0D, 0x2E, 0x28, 0x29, 0xFF08, 0xFF09: continue
            default: return nil
            }
        }
        var national = Substring(digits)
        if plus || national.hasPrefix("0086") {
            guard national.hasPrefix(plus ? "86" : "0086") else { return nil }
            national = national.dropFirst(plus ? 2 : 4)
            // After the country code a landline drops its trunk 0: only 11 digits
            // starting with 1 are a mobile (Beijing's area code is 10).
            if !(national.count == 11 && national.hasPrefix("1")) { national = "0" + national }
        } else if national.count == 13, national.hasPrefix("861") {
            national = national.dropFirst(2)
        }
        let candidate = String(national)
        return isValid(candidate) ? candidate : nil
    }

    public static func isValid(_ text: String) -> Bool {
        // Over the bytes in a buffer: iterating `utf8` of a short (inline)
        // string extracted every byte through the view.
        var text = text
        return text.withUTF8(isValid)
    }

    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 1, run = 0, first = 0, second = 0
        var lead: (UInt8, UInt8) = (0, 0)
        for c in bytes {
            if c == 0x2D {
                guard run > 0, parts < 3 else { return false }
                parts += 1
                run = 0
                continue
            }
            guard c >= 0x30 && c <= 0x39 else { return false }
            switch parts {
            case 1:
                if first == 0 { lead.0 = c } else if first == 1 { lead.1 = c }
                first += 1
            case 2: second += 1
            default: break
            }
            run += 1
        }
        guard run > 0 else { return false }
        let isArea = lead.0 == 0x30 && (3...4).contains(first)
        let isLocal = (7...8).contains(second)
        // Area code and local number written together: 0 + 2–3 + 7–8 digits.
        let isJoined = lead.0 == 0x30 && (10...12).contains(first)
        switch parts {
        case 1:
            let isMobile = first == 11 && lead.0 == 0x31 && lead.1 >= 0x33
            return isMobile || isJoined
        case 2:
            return (isArea && isLocal) || isJoined
        default:
            return isArea && isLocal
        }
    }
}
