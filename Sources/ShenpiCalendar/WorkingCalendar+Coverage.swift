/// Cheap questions about the calendar's data, asked before counting: an
/// engine that knows a count cannot be refused need not prepare to undo it.
extension WorkingCalendar {
    /// Whether the day of `t` is in the calendar's data.
    public func covers(_ t: Instant) -> Bool {
        let x = offset(t)
        return x >= 0 && x < table.count
    }

    /// Whether a clock of `limit` started at `start` gets its due instant
    /// without a refusal: `LegalClock.dueOfNewClock` does not throw.
    public func reaches(_ limit: TimeLimit, from start: Instant) -> Bool {
        guard limit.unit == .workdays else {
            return (try? LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: self)) != nil
        }
        // As `LegalClock.reach` counts workdays: the start's day, then the
        // working day `amount - 1` after those up to it, both in the data.
        let x = offset(start)
        guard limit.amount >= 0, x >= 0, x < table.count else { return false }
        return limit.amount == 0 || workingBefore(x + 1) + limit.amount - 1 < table.workingTotal
    }

    /// `LegalClock.dueOfNewClock` for a limit in workdays counted from
    /// `start` within the data, read straight off the day tables (the
    /// general path copied the calendar for its guard); `nil` for any
    /// other limit, or one the data does not reach (ask the general path
    /// for its error).
    public func dueOfWorkdays(_ limit: TimeLimit, from start: Instant) -> Instant? {
        guard limit.unit == .workdays, limit.amount >= 0 else { return nil }
        let x = offset(start)
        guard x >= 0, x < table.count else { return nil }
        // As `LegalClock.reach` with `endOfDay`: the end of the start's day
        // for 0, else of the `amount`-th working day after the start's day.
        var y = x
        if limit.amount > 0 {
            let k = workingBefore(x + 1) + limit.amount - 1
            guard k < table.workingTotal else { return nil }
            y = workingDay(k)
        }
        return Instant(localDay: table.origin + y + 1, secondOfDay: 0)
    }
}
