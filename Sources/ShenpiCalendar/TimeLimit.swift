/// The unit a time limit is counted in.
public enum TimeUnit: String, Hashable, Sendable, CaseIterable, Codable {
    /// Working days of the calendar (法定工作日): holidays and 调休 applied.
    case workdays
    /// Calendar days.
    case days
    /// Working hours inside the calendar's office hours.
    case hours
}

/// A time limit such as 20 workdays: what a legal or promised limit, a step
/// limit or an extension is.
public struct TimeLimit: Hashable, Sendable, CustomStringConvertible, Codable {
    public let amount: Int
    public let unit: TimeUnit

    public init(_ amount: Int, _ unit: TimeUnit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String { ClockAmount(unit: unit, value: amount * unit.secondsPerUnit).description }
}

extension TimeUnit {
    /// Clocks count days as whole days and hours as working seconds.
    var secondsPerUnit: Int { self == .hours ? 3600 : 1 }
}

/// An amount of clock time in the unit of a clock's limit: whole working or
/// calendar days for day limits, working seconds for limits in hours.
public struct ClockAmount: Hashable, Sendable, CustomStringConvertible {
    public let unit: TimeUnit
    /// Days for `.workdays` and `.days`; working seconds for `.hours`.
    public let value: Int

    public init(unit: TimeUnit, value: Int) {
        self.unit = unit
        self.value = value
    }

    /// `3 workdays`, `1 day`, `2h 30m working` (seconds dropped).
    public var description: String {
        switch unit {
        case .workdays: return "\(value) workday\(abs(value) == 1 ? "" : "s")"
        case .days: return "\(value) day\(abs(value) == 1 ? "" : "s")"
        case .hours:
            let sign = value < 0 ? "-" : ""
            let minutes = abs(value) / 60
            if minutes % 60 == 0 { return "\(sign)\(minutes / 60) hour\(minutes == 60 ? "" : "s")" }
            return "\(sign)\(minutes / 60)h \(minutes % 60)m working"
        }
    }
}
