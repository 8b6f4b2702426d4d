/// Masks applicants' identity numbers in text bound for logs: an 18- or
/// 15-character resident ID keeps its first 4 and last 2 characters, an
/// 11-digit mobile number its first 3 and last 4 (138****5678).
public enum Masking {
    public static func mask(_ text: String) -> String {
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
        return out
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
