import Foundation

/// Parses `5 workdays`, `1 day`, `4 hours`.
public enum DurationSyntax {
    /// No legal limit comes near this; the bound keeps every later sum and
    /// conversion (hours → minutes, sums along paths) far from overflow.
    public static let maximumAmount = 9999

    public static func parse(_ text: String) -> Duration? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].count <= 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let amount = Int(parts[0]), amount > 0, amount <= maximumAmount
        else { return nil }
        let word = String(parts[1])
        for unit in DurationUnit.allCases where word == unit.rawValue || word == unit.singular {
            return Duration(amount, unit)
        }
        return nil
    }

    public static func errorMessage(_ text: String, orElse: String = "") -> String {
        "bad duration \"\(text)\"; expected a whole number from 1 to \(maximumAmount) and a unit (workdays, days or hours), like \"5 workdays\""
            + orElse + (suggestion(text).map { "; did you mean \"\($0)\"?" } ?? "")
    }

    /// Units as a service guide or a colleague writes them, in the language's words.
    static let unitWords: [(words: [String], unit: String)] = [
        (["workdays", "workday", "个工作日", "工作日", "weekdays", "weekday", "working days", "working day", "work days", "business days", "business day"],
         "workdays"),
        (["days", "day", "个自然日", "自然日", "日", "天", "calendar days", "calendar day"], "days"),
        (["hours", "hour", "个小时", "小时", "个工作小时", "工作小时", "h", "hrs", "hr", "working hours"], "hours"),
    ]

    /// `20 workdays` for `20个工作日`, `7 weekdays`, `30 天`: a number and a
    /// unit it knows by another name; `nil` otherwise.
    public static func suggestion(_ text: String) -> String? {
        // Full-width digits and spaces (４　hours) as the ASCII ones.
        let t = String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            (0xFF10...0xFF19).contains(s.value) ? Unicode.Scalar(s.value - 0xFF10 + 0x30)! : s.value == 0x3000 ? " " : s
        })).trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4, let amount = Int(digits), amount > 0, amount <= maximumAmount else { return nil }
        let rest = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        for (words, unit) in unitWords where words.contains(rest) {
            let suggested = "\(amount) \(amount == 1 ? String(unit.dropLast()) : unit)"
            return suggested == text ? nil : suggested
        }
        return nil
    }
}
