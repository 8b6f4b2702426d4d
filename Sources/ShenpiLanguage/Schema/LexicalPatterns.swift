/// The lexical rules of the language as ECMA-262 regular expressions, for the
/// JSON Schema. Tests check them against `Identifier.isValid` and
/// `DurationSyntax.parse`.
extension Identifier {
    /// Lowercase ASCII words of letters and digits, starting with a letter,
    /// joined by single `-` or `_`.
    public static let pattern = "^[a-z][a-z0-9]*([-_][a-z0-9]+)*$"
}

extension DurationSyntax {
    /// A whole number from 1 to `maximumAmount` without leading zeros, one
    /// space, a unit (plural or singular): `5 workdays`, `1 day`, `4 hours`.
    public static var pattern: String { pattern(units: DurationUnit.allCases) }

    /// The same, with only `units` (the registry's thresholds: no hours).
    public static func pattern(units: [DurationUnit]) -> String {
        let units = units.map { unit in
            unit.rawValue == unit.singular + "s" ? unit.singular + "s?" : unit.rawValue + "|" + unit.singular
        }
        return "^" + amountPattern + " (" + units.joined(separator: "|") + ")$"
    }

    /// `[1-9][0-9]{0,3}` for a maximum of 9999; a maximum that is not all
    /// nines cannot be written this way and gets no upper bound.
    static var amountPattern: String {
        let digits = String(maximumAmount)
        guard digits.allSatisfy({ $0 == "9" }) else { return "[1-9][0-9]*" }
        return digits.count == 1 ? "[1-9]" : "[1-9][0-9]{0,\(digits.count - 1)}"
    }

    /// One example per unit: `5 workdays`, `5 days`, `5 hours`.
    public static var examples: [String] {
        DurationUnit.allCases.map { Duration(5, $0).description }
    }
}
