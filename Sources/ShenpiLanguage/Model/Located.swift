import ShenpiSyntax

/// A value with the place it was written, so any later stage can point at it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A duration unit of the language.
public enum DurationUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case workdays
    case days
    case hours

    /// Singular spelling accepted as well (`1 workday`).
    public var singular: String { String(rawValue.dropLast()) }
}

/// `5 workdays`, `7 days`, `4 hours`.
public struct Duration: Sendable, Hashable, CustomStringConvertible, Codable {
    public var amount: Int
    public var unit: DurationUnit

    public init(_ amount: Int, _ unit: DurationUnit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String { "\(amount) \(amount == 1 ? unit.singular : unit.rawValue)" }

    /// Length in working minutes where the conversion is exact: workdays ↔
    /// hours through the calendar's office day (`nil` when it has none);
    /// calendar days never convert.
    public func workingMinutes(minutesPerWorkday: Int?) -> Int? {
        switch unit {
        case .workdays: return minutesPerWorkday.map { amount * $0 }
        case .hours: return amount * 60
        case .days: return nil
        }
    }

    /// Compares two durations when their units allow an exact comparison.
    public static func compare(_ a: Duration, _ b: Duration, minutesPerWorkday: Int? = nil) -> ComparisonResult? {
        if a.unit == b.unit { return a.amount < b.amount ? .less : (a.amount == b.amount ? .equal : .greater) }
        guard let x = a.workingMinutes(minutesPerWorkday: minutesPerWorkday), let y = b.workingMinutes(minutesPerWorkday: minutesPerWorkday) else { return nil }
        return x < y ? .less : (x == y ? .equal : .greater)
    }

    public enum ComparisonResult: Sendable { case less, equal, greater }
}
