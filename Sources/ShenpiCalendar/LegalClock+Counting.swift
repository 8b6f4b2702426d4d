/// How a clock counts, per unit; all O(1) through the calendar's indexes.
/// Static forms take the unit and calendar, so a clock that is only about to
/// start (`LegalClock+Fresh.swift`) counts with the very same code.
extension LegalClock {
    func count(from s: Instant, to e: Instant, _ g: inout CoverageGuard) throws(CalendarError) -> Int {
        try Self.count(from: s, to: e, unit: limit.unit, calendar: calendar, &g)
    }

    func reach(_ r: Int, from s: Instant, endOfDay: Bool, _ g: inout CoverageGuard) throws(CalendarError) -> Instant {
        try Self.reach(r, from: s, endOfDay: endOfDay, unit: limit.unit, calendar: calendar, &g)
    }

    /// Units counted while running from `s` to `e`: for day limits the days
    /// after `s`'s date up to and including `e`'s (working days only for
    /// workdays); for hours, working seconds.
    static func count(from s: Instant, to e: Instant, unit: TimeUnit, calendar: WorkingCalendar,
                      _ g: inout CoverageGuard) throws(CalendarError) -> Int {
        switch unit {
        case .days:
            return e.localDay - s.localDay
        case .workdays:
            let a = calendar.offset(s), b = calendar.offset(e)
            try g.admit(a)
            try g.admit(b)
            return calendar.workingBefore(b + 1) - calendar.workingBefore(a + 1)
        case .hours:
            let hours = try calendar.requireOfficeHours()
            try g.admit(calendar.offset(s))
            try g.admit(calendar.offset(e))
            return calendar.workingPosition(e, hours: hours) - calendar.workingPosition(s, hours: hours)
        }
    }

    /// The instant at which `r` (≥ 0) more units have been counted when
    /// running from `s`. For day limits that is the end of the r-th counted
    /// day (`endOfDay`, the due instant) or its start (when it begins to
    /// count, for warnings); `r = 0` is the day of `s` itself.
    static func reach(_ r: Int, from s: Instant, endOfDay: Bool, unit: TimeUnit, calendar: WorkingCalendar,
                      _ g: inout CoverageGuard) throws(CalendarError) -> Instant {
        switch unit {
        case .days:
            return Instant(localDay: s.localDay + r + (endOfDay ? 1 : 0), secondOfDay: 0)
        case .workdays:
            let x = calendar.offset(s)
            try g.admit(x)
            let y = r == 0 ? x : calendar.workingDay(calendar.workingBefore(x + 1) + r - 1)
            try g.admitResult(y)
            return Instant(localDay: calendar.table.origin + y + (endOfDay ? 1 : 0), secondOfDay: 0)
        case .hours:
            let hours = try calendar.requireOfficeHours()
            try g.admit(calendar.offset(s))
            guard r > 0 else { return s }
            let t = calendar.instant(atWorkingPosition: calendar.workingPosition(s, hours: hours) + r, hours: hours)
            try g.admitResult(calendar.offset(t))
            return t
        }
    }

    /// Elapsed units at which the clock turns yellow, or `nil` for never.
    var warningThreshold: Int? { Self.warningThreshold(total: limitUnits, warning, unit: limit.unit) }

    static func warningThreshold(total: Int, _ warning: WarningPolicy, unit: TimeUnit) -> Int? {
        switch warning {
        case .never:
            return nil
        case .share(let p):
            // The epsilon keeps 0.7 × 10 (7.000000000000001 in binary) at 7.
            return Int((Double(total) * min(max(p, 0), 1) - 1e-9).rounded(.up))
        case .before(let n):
            return total - n * unit.secondsPerUnit
        }
    }
}
