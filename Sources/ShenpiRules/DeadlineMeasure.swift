import ShenpiLanguage

/// How the deadline analysis counts time against a case limit: whole
/// workdays, calendar days, or working minutes when the flow's calendar has
/// office hours (so hours and workdays convert exactly).
///
/// Conversions follow `Duration.compare`, with two additions:
/// - against a budget in workdays or hours, a duration in calendar days
///   counts as that many workdays (an upper bound: a calendar day never holds
///   more than one workday);
/// - against a budget in calendar days, a duration in workdays counts as that
///   many calendar days (a lower bound: N workdays take at least N calendar
///   days), so a worst case over the budget is over it for certain.
/// Durations that do not convert make the analysis skip the flow: hours
/// without office hours, and hours against a budget in calendar days.
public struct DeadlineMeasure: Sendable, Hashable {
    public enum Tick: Sendable, Hashable {
        case workdays
        case days
        /// Working minutes, through the calendar's office day.
        case minutes(perWorkday: Int)
    }

    public let tick: Tick
    /// The unit the case limit is written in; results are shown in it.
    public let budgetUnit: DurationUnit

    public init?(budget: DurationUnit, minutesPerWorkday: Int?) {
        budgetUnit = budget
        switch budget {
        case .days: tick = .days
        case .workdays: tick = minutesPerWorkday.map { .minutes(perWorkday: $0) } ?? .workdays
        case .hours:
            guard let m = minutesPerWorkday else { return nil }
            tick = .minutes(perWorkday: m)
        }
    }

    /// The duration in ticks, or `nil` when it cannot be compared with the budget.
    public func ticks(_ d: Duration) -> Int? {
        switch (tick, d.unit) {
        case (.days, .days), (.days, .workdays): return d.amount
        case (.days, .hours): return nil
        case (.workdays, .hours): return nil
        case (.workdays, _): return d.amount
        case (.minutes, .hours): return d.amount * 60
        case (.minutes(let perDay), _): return d.amount * perDay
        }
    }

    /// Ticks as a whole number of the budget's unit, when they are one.
    public func whole(_ ticks: Int) -> Int? {
        switch (tick, budgetUnit) {
        case (.minutes(let perDay), .workdays): return ticks % perDay == 0 ? ticks / perDay : nil
        case (.minutes, _): return ticks % 60 == 0 ? ticks / 60 : nil
        default: return ticks
        }
    }

    /// `10 workdays`, or working time in hours (`8 hours`, `7 hours 30 minutes`)
    /// when it is not a whole number of the budget's unit.
    public func format(_ ticks: Int) -> String {
        if let n = whole(ticks) { return Duration(n, budgetUnit).description }
        return Self.hours(ticks)
    }

    /// The amount alone when a duration is in the budget's unit (`6`), else the duration (`4 hours`).
    public func bare(_ d: Duration) -> String {
        d.unit == budgetUnit ? "\(d.amount)" : d.description
    }

    /// Ticks as a bare number of the budget's unit where whole, else formatted.
    public func bare(ticks: Int) -> String {
        whole(ticks).map(String.init) ?? Self.hours(ticks)
    }

    /// Working minutes in hours, for amounts that are no whole number of workdays.
    public func inHours(_ ticks: Int) -> String? {
        if case .minutes = tick, budgetUnit == .workdays { return Self.hours(ticks) }
        return nil
    }

    static func hours(_ minutes: Int) -> String {
        let h = Duration(minutes / 60, .hours).description
        if minutes % 60 == 0 { return h }
        return (minutes >= 60 ? h + " " : "") + "\(minutes % 60) minutes"
    }
}
