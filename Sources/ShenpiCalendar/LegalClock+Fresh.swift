/// What a clock started at `start` says at once, without building it: an
/// engine starts several clocks per command and keeps only their due and
/// warning instants. Each answer is the one `LegalClock` gives, through the
/// same checks and counting code, minus its history and copies.
extension LegalClock {
    /// `LegalClock(limit:startingAt:calendar:beyond:).due`, with the same errors.
    public static func dueOfNewClock(limit: TimeLimit, startingAt start: Instant, calendar: WorkingCalendar,
                                     beyond: BeyondCoverage = .refuse) throws(ClockError) -> Instant {
        // As `init`: the amount, then office hours, then the count.
        guard limit.amount >= 0 else { throw .negativeAmount(limit.amount) }
        if limit.unit == .hours && calendar.officeHours == nil {
            throw .calendar(.noOfficeHours(calendar: calendar.id))
        }
        var g = CoverageGuard(calendar.table, beyond)
        do {
            return try reach(limit.amount * limit.unit.secondsPerUnit, from: start, endOfDay: true,
                             unit: limit.unit, calendar: calendar, &g)
        } catch {
            throw .calendar(error)
        }
    }

    /// `reading(at: t).warningFrom` of a clock just started at `start` (with
    /// no other event), with the same errors. Call it only for a clock that
    /// starts without error (`dueOfNewClock` did not throw).
    public static func warningOfNewClock(limit: TimeLimit, startingAt start: Instant, calendar: WorkingCalendar,
                                         warning: WarningPolicy, beyond: BeyondCoverage = .refuse,
                                         at t: Instant) throws(ClockError) -> Instant? {
        // As `reading(at:)` on a running clock with nothing consumed and
        // nothing lapsed: the start check, the elapsed count, the threshold.
        guard t >= start else { throw .beforeStart(t) }
        var g = CoverageGuard(calendar.table, beyond)
        do {
            _ = try count(from: start, to: t, unit: limit.unit, calendar: calendar, &g)
            guard let w = warningThreshold(total: limit.amount * limit.unit.secondsPerUnit, warning, unit: limit.unit) else {
                return nil
            }
            return w <= 0 ? start : try reach(w, from: start, endOfDay: true, unit: limit.unit, calendar: calendar, &g)
        } catch {
            throw .calendar(error)
        }
    }
}
