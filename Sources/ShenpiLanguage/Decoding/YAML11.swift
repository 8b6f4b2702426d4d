/// Plain scalars that other YAML tools silently convert to another type —
/// YAML 1.1's booleans (`no`, `on`), octals (`010`), sexagesimals (`12:30`),
/// timestamps, and the 1.2 core schema's exponent floats (`1e3`). Shenpi keeps
/// them as text, but warns, because the same file read elsewhere (an editor
/// plugin, a Python script) means something else.
public enum YAML11 {
    /// What a YAML 1.1 parser makes of this plain scalar, or `nil` when it stays a string.
    public static func meaning(of s: String) -> String? {
        switch s {
        case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y", "true", "True", "TRUE":
            return "the boolean true"
        case "no", "No", "NO", "off", "Off", "OFF", "n", "N", "false", "False", "FALSE":
            return "the boolean false"
        default: break
        }
        let body = s.first == "-" || s.first == "+" ? String(s.dropFirst()) : s
        let sign = s.first == "-" ? -1 : 1
        // Leading-zero integers are octal in YAML 1.1.
        if body.count > 1, body.first == "0", let meaning = integer(body.dropFirst(), radix: 8, negative: sign < 0, name: "octal") {
            return meaning
        }
        if body.hasPrefix("0x"), let meaning = integer(body.dropFirst(2), radix: 16, negative: sign < 0, name: "hexadecimal") {
            return meaning
        }
        if body.hasPrefix("0b"), let meaning = integer(body.dropFirst(2), radix: 2, negative: sign < 0, name: "binary") {
            return meaning
        }
        if body.contains("_"), body.first?.isNumber == true, body.allSatisfy({ $0.isNumber || $0 == "_" }),
            let v = Int(body.replacingOccurrences(of: "_", with: ""))
        {
            return "the integer \(sign * v)"
        }
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(body) {
            return "a floating-point \(body.lowercased() == ".nan" ? "NaN" : "infinity")"
        }
        // Timestamps: 2024-01-01 becomes a date object, not text.
        if s.count == 10, s.split(separator: "-").map(\.count) == [4, 2, 2], s.allSatisfy({ $0.isNumber || $0 == "-" }) {
            return "a date (timestamp) rather than text"
        }
        // Floats with an exponent: 1e3, 2.5E-2 (YAML 1.2's core schema; 1.1 needs a dot).
        if body.contains(where: { $0 == "e" || $0 == "E" }), body.first?.isNumber == true,
            body.allSatisfy({ $0.isASCII && ($0.isNumber || "eE.+-".contains($0)) }), let v = Double(s)
        {
            return "the float \(v)"
        }
        // Sexagesimal integers: 12:30 → 750, 1:02:03 → 3723 (first part without a leading zero).
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 2, let head = parts.first, !head.isEmpty, head.first != "0",
            head.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.dropFirst().allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } && (Int($0) ?? 60) < 60 })
        {
            var total = 0
            for p in parts {
                guard let n = Int(p), total < Int.max / 61 else { return nil }
                total = total * 60 + n
            }
            return "the sexagesimal number \(sign * total)"
        }
        return nil
    }

    /// "the hexadecimal integer 31" for unsigned `digits` in `radix` and the sign;
    /// nil unless every character is an ASCII digit of the radix. Checking the
    /// digits first keeps out a second sign: `-0x-8000000000000000` once
    /// trapped computing `-1 * Int.min`.
    static func integer(_ digits: Substring, radix: Int, negative: Bool, name: String) -> String? {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.hexDigitValue.map { $0 < radix } ?? false) }) else { return nil }
        guard let magnitude = UInt64(digits, radix: radix) else {
            return (name.first == "o" ? "an " : "a ") + name + " integer too large for 64 bits"
        }
        return "the \(name) integer " + (negative && magnitude != 0 ? "-" : "") + String(magnitude)
    }
}
