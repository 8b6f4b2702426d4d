import ShenpiStore

/// Masks applicants' identity numbers in text bound for logs: an 18- or
/// 15-character resident ID keeps its first 4 and last 2 characters, an
/// 11-digit mobile number its first 3 and last 4 (138****5678; also in
/// groups, 138-****-5678, and after a dialling prefix, 0138****5678). Any
/// other run of 15 digits or more, or of 12 to 14 beginning or ending with
/// a mobile number's eleven, keeps its first 3 and last 2: it may hold a number with
/// others beside it (a case id `2026120111010519491231002X`, a date before
/// an ID). Digits are any decimal digits, full-width ones too.
/// A token's secret pasted where its id belongs (`DELETE /v1/tokens/shp_…`)
/// shows as `shp_***(t…)`, the id it belongs to.
public enum Masking {
    public static func mask(_ text: String) -> String {
        let text = maskSecrets(text)
        var out = ""
        var run: [Character] = []
        func flush() {
            // Most runs are short (a version, a sequence number): nothing to match.
            guard run.count >= 11 else {
                out += String(run)
                run.removeAll(keepingCapacity: true)
                return
            }
            // The run read as ASCII (full-width `１３８…` as `138…`), to match the forms.
            let key = String(run.map { $0.decimalDigitValue.map { Character(String($0)) } ?? $0 })
            let allDigits = run.allSatisfy(\.isDecimalDigit)
            switch run.count {
            case 18, 15:
                out += String(run.prefix(4)) + String(repeating: "*", count: run.count - 6) + String(run.suffix(2))
            case 11 where key.hasPrefix("1") && allDigits:
                out += String(run.prefix(3)) + "****" + String(run.suffix(4))
            case 13 where key.hasPrefix("861") && allDigits:
                out += String(run.prefix(5)) + "****" + String(run.suffix(4))
            case 12...14 where dialPrefixes.contains(String(key.dropLast(11))) && key.suffix(11).first == "1" && allDigits:
                // A dialling prefix before a mobile number (0138…, 00138…); 0086138… is 15 digits, masked as an ID is.
                out += String(run.dropLast(8)) + "****" + String(run.suffix(4))
            case 15...:
                out += String(run.prefix(3)) + String(repeating: "*", count: run.count - 5) + String(run.suffix(2))
            case 12...14 where holdsAMobile(key):
                out += String(run.prefix(3)) + String(repeating: "*", count: run.count - 5) + String(run.suffix(2))
            default:
                out += String(run)
            }
            run.removeAll(keepingCapacity: true)
        }
        for c in text {
            // An ID's check character may be X (or full-width Ｘ): it joins a run of 17 digits or more.
            if c.isDecimalDigit || (run.count >= 17 && "Xx\u{FF38}\u{FF58}".contains(c)) {
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return maskGroupedMobiles(out)
    }

    /// The first or last eleven digits of `key` from 13… to 19…: a mobile
    /// number with digits before or after it (a sequence number, a prefix).
    static func holdsAMobile(_ key: String) -> Bool {
        let digits = Array(key.utf8)
        guard digits.count >= 11 else { return false }
        func mobile(at i: Int) -> Bool { digits[i] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(digits[i + 1]) }
        return mobile(at: 0) || mobile(at: digits.count - 11)
    }

    /// What may stand before a mobile number's digits: a trunk or international prefix.
    static let dialPrefixes: Set<String> = ["0", "00", "086"]
    /// Before a number written in groups, `86` too (`86 138 1234 5678`).
    static let groupPrefixes = dialPrefixes.union(["86"])

    /// A mobile number written in groups (`138-1234-5678`, `138 1234 5678`,
    /// `138.1234.5678`, also after a prefix: `0138-1234-5678`) keeps its first 3 and last 4 digits.
    static func maskGroupedMobiles(_ text: String) -> String {
        // Most texts have no such number: eleven digits at least, or nothing to look for.
        var digitCount = 0
        for scalar in text.unicodeScalars where scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType == .decimal {
            digitCount += 1
            if digitCount == 11 { break }
        }
        guard digitCount >= 11 else { return text }
        var chars = Array(text)
        func digits(_ from: Int, _ n: Int) -> Bool { from >= 0 && from + n <= chars.count && chars[from..<from + n].allSatisfy(\.isDecimalDigit) }
        // At a start, after a non-digit, or after a dialling prefix that follows one.
        func startsANumber(_ i: Int) -> Bool {
            var j = i
            while j > 0, chars[j - 1].isDecimalDigit { j -= 1 }
            return j == i || groupPrefixes.contains(String(chars[j..<i].map { $0.decimalDigitValue.map { Character(String($0)) } ?? $0 }))
        }
        var i = 0
        while i + 13 <= chars.count {
            let separator = chars[i + 3]
            if chars[i].decimalDigitValue == 1, digits(i, 3), "-. ".contains(separator), digits(i + 4, 4), chars[i + 8] == separator, digits(i + 9, 4),
               startsANumber(i), i + 13 == chars.count || !chars[i + 13].isDecimalDigit {
                for j in (i + 4)..<(i + 8) { chars[j] = "*" }
                i += 13
            } else {
                i += 1
            }
        }
        return String(chars)
    }
}

extension Character {
    /// One decimal digit, ASCII or another script's (full-width `１`, Arabic-Indic `١`).
    var isDecimalDigit: Bool { decimalDigitValue != nil }
    var decimalDigitValue: Int? {
        if let ascii = asciiValue { return (0x30...0x39).contains(ascii) ? Int(ascii - 0x30) : nil }
        guard unicodeScalars.count == 1, let scalar = unicodeScalars.first, scalar.properties.numericType == .decimal else { return nil }
        return wholeNumberValue
    }
}

extension Masking {
    /// A request path fit for one log line: percent-decoded so ids in
    /// Chinese read as such, but with control, format and white-space
    /// characters left encoded, so a path cannot break the line or forge
    /// another entry (`/v1/x%0A… error …`), then masked.
    public static func loggablePath(_ path: String) -> String {
        guard path.contains("%") else { return mask(path) }
        // Masked before spaces are encoded again: `138%201234%205678` is a grouped number.
        return printable(mask(percentDecoded(path)))
    }

    /// `%XX` decoded where the bytes make UTF-8; a byte that does not stays
    /// encoded (`%FF`), and so does a `%` without two hex digits — so digits
    /// sent encoded beside a stray byte (`%31%33…%FF`) are still read, and masked.
    static func percentDecoded(_ path: String) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(path.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0x25, i + 2 < utf8.count, let hi = hexValue(utf8[i + 1]), let lo = hexValue(utf8[i + 2]) {
                bytes.append(hi << 4 | lo)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        var out = ""
        var j = 0
        while j < bytes.count {
            let lead = bytes[j]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            if length > 0, j + length <= bytes.count, let scalar = String(validating: bytes[j..<j + length], as: UTF8.self) {
                out += scalar
                j += length
            } else {
                out += "%" + String(lead, radix: 16, uppercase: true).leftPadded(to: 2)
                j += 1
            }
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// `text` with control, format and white-space characters percent-encoded.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator:
                for byte in String(scalar).utf8 { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}


extension Masking {
    /// Every `shp_` followed by base64url characters, as `shp_***(<its id>)`;
    /// one still percent-encoded (`shp%5F…`, in a path that did not decode)
    /// as `shp_***`.
    static func maskSecrets(_ text: String) -> String {
        let prefix = Array(TokenStore.secretPrefix.utf8)
        let encoded = [Array("shp%5F".utf8), Array("shp%5f".utf8)]
        let bytes = Array(text.utf8)
        guard bytes.count >= prefix.count else { return text }
        func starts(_ p: [UInt8], at i: Int) -> Bool { i + p.count <= bytes.count && Array(bytes[i..<i + p.count]) == p }
        var out: [UInt8] = []
        var i = 0, found = false
        while i < bytes.count {
            if bytes[i] == prefix[0], starts(prefix, at: i) {
                var end = i + prefix.count
                while end < bytes.count, isBase64URL(bytes[end]) { end += 1 }
                let secret = String(decoding: bytes[i..<end], as: UTF8.self)
                out += Array("\(TokenStore.secretPrefix)***(\(TokenStore.id(ofSecret: secret)))".utf8)
                i = end
                found = true
            } else if bytes[i] == prefix[0], let p = encoded.first(where: { starts($0, at: i) }) {
                var end = i + p.count
                while end < bytes.count, isBase64URL(bytes[end]) || bytes[end] == 0x25 { end += 1 }
                out += Array("\(TokenStore.secretPrefix)***".utf8)
                i = end
                found = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return found ? String(decoding: out, as: UTF8.self) : text
    }

    static func isBase64URL(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }
}
