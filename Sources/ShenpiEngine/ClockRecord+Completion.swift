import ShenpiCalendar

extension ClockRecord {
    /// What completing this clock at `now` records and judges, read off the
    /// calendar's day tables, for the clock most cases finish with: started
    /// in workdays and never paused, extended or completed. `nil` for any
    /// other clock, or one the calendar's data does not cover from start to
    /// `now`: those are rebuilt as a `LegalClock` and completed.
    ///
    /// Such a clock counts from its start, and is due when `limit` workdays
    /// have passed (`dueOfWorkdays`, as counted again now). Completed at
    /// `now`, it keeps that due instant only when it has passed (it lapsed),
    /// and is on time exactly when it has not (`LegalClock.complete`, then
    /// `reading(at:).level`; `ClockCompletionTests` compares the two).
    func completion(at now: Instant, calendar: WorkingCalendar) -> (due: Instant?, onTime: Bool)? {
        guard entries.count == 1, case .started(let start) = entries[0], pausedFor == nil, completedAt == nil,
              now >= start, calendar.covers(now), let due = calendar.dueOfWorkdays(limit, from: start)
        else { return nil }
        return now >= due ? (due, false) : (nil, true)
    }
}
