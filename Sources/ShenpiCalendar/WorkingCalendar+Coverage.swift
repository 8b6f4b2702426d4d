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
}
