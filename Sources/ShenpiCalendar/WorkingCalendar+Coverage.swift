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
        (try? LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: self)) != nil
    }
}
