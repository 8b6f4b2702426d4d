import ShenpiStore

/// Masks applicants' identity numbers in text bound for logs: an 18- or
/// 15-character resident ID keeps its first 4 and last 2 characters, an
/// 11-digit mobile number its first 3 and last 4 (138****5678; also in
/// groups, 138-****-5678, and after a dialling prefix, 0138****5678). A token's
/// secret pasted where its id belongs (`DELETE /v1/tokens/shp_…`) shows as
/// `shp_***(t…)`, the id it belongs to.
public enum Masking {
    public static func mask(_ text: String) -> String {
        let text = maskSecrets(text)
        var out = ""
        var run = ""
        func flush() {
            let chars = Array(run)
            switch chars.count {
            case 18, 15:
                out += String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 6) + String(chars.suffix(2))
            case 11 where chars.first == "1" && chars.allSatisfy(\.isASCIIDigit):
                out += String(chars.prefix(3)) + "****" + String(chars.suffix(4))
            case 13 where run.hasPrefix("861") && chars.allSatisfy(\.isASCIIDigit):
                out += "86" + String(chars[2..<5]) + "****" + String(chars.suffix(4))
            case 12...14 where dialPrefixes.contains(String(chars.dropLast(11))) && chars.suffix(11).first == "1"
                && chars.allSatisfy(\.isASCIIDigit):
                // A dialling prefix before a mobile number (0138…, 00138…); 0086138… is 15 digits, masked as an ID is.
                out += String(chars.dropLast(8)) + "****" + String(chars.suffix(4))
            default:
                out += run
            }
            run = ""
        }
        for c in text {
            // An ID's check character may be X; it only ends a run of digits.
            if c.isASCIIDigit || ((c == "X" || c == "x") && run.count == 17) {
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return maskGroupedMobiles(out)
    }

    /// What may stand before a mobile number's digits: a trunk or international prefix.
    static let dialPrefixes: Set<String> = ["0", "00", "086"]
    /// Before a number written in groups, `86` too (`86 138 1234 5678`).
    static let groupPrefixes = dialPrefixes.union(["86"])

    /// A mobile number written in groups (`138-1234-5678`, `138 1234 5678`,
    /// `138.1234.5678`, also after a prefix: `0138-1234-5678`) keeps its first 3 and last 4 digits.
    static func maskGroupedMobiles(_ text: String) -> String {
        // Most texts have no such number: eleven digits at least, or nothing to look for.
        guard text.utf8.lazy.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 11 else { return text }
        var chars = Array(text)
        func digits(_ from: Int, _ n: Int) -> Bool { from >= 0 && from + n <= chars.count && chars[from..<from + n].allSatisfy(\.isASCIIDigit) }
        // At a start, after a non-digit, or after a dialling prefix that follows one.
        func startsANumber(_ i: Int) -> Bool {
            var j = i
            while j > 0, chars[j - 1].isASCIIDigit { j -= 1 }
            return j == i || groupPrefixes.contains(String(chars[j..<i]))
        }
        var i = 0
        while i + 13 <= chars.count {
            let separator = chars[i + 3]
            if chars[i] == "1", digits(i, 3), "-. ".contains(separator), digits(i + 4, 4), chars[i + 8] == separator, digits(i + 9, 4),
               startsANumber(i), i + 13 == chars.count || !chars[i + 13].isASCIIDigit {
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
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Masking {
    /// A request path fit for one log line: percent-decoded so ids in
    /// Chinese read as such, but with control, format and white-space
    /// characters left encoded, so a path cannot break the line or forge
    /// another entry (`/v1/x%0A… error …`), then masked.
    public static func loggablePath(_ path: String) -> String {
        guard path.contains("%"), let decoded = path.removingPercentEncoding else { return mask(path) }
        // Masked before spaces are encoded again: `138%201234%205678` is a grouped number.
        return printable(mask(decoded))
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
