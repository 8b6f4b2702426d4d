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

    public static func errorMessage(_ text: String) -> String {
        "bad duration \"\(text)\"; expected a whole number from 1 to \(maximumAmount) and a unit (workdays, days or hours), like \"5 workdays\""
    }
}
