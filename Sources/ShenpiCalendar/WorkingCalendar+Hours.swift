/// Working-hour arithmetic: time runs only inside office hours on working
/// days. Each instant maps to a position on a line of working seconds
/// (working days before its date × seconds per working day + seconds worked
/// that day), so adding and measuring are O(1) like the day arithmetic.
extension WorkingCalendar {
    /// The office hours, or `CalendarError.noOfficeHours`.
    public func requireOfficeHours() throws(CalendarError) -> OfficeHours {
        guard let hours = officeHours else { throw .noOfficeHours(calendar: id) }
        return hours
    }

    /// Working seconds from the start of the covered range to `t`.
    func workingPosition(_ t: Instant, hours: OfficeHours) -> Int {
        let x = offset(t)
        let worked = isWorking(offset: x) ? hours.workedSeconds(before: t.secondOfDay) : 0
        return workingBefore(x) * hours.minutesPerDay * 60 + worked
    }

    /// The instant at which working position `p` is reached. A position that
    /// completes a working day answers that day's closing time, not the next
    /// opening: a limit ends with its last worked minute.
    func instant(atWorkingPosition p: Int, hours: OfficeHours) -> Instant {
        let perDay = hours.minutesPerDay * 60
        let k = (p - 1).floorDiv(perDay)
        let within = p - k * perDay  // 1 ... perDay
        return Instant(localDay: table.origin + workingDay(k), secondOfDay: hours.secondOfDay(afterWorking: within))
    }

    /// The instant `seconds` working seconds after `start`. Time before
    /// opening, in the lunch break, after closing or on a day off does not
    /// run; a result that ends a window is that window's closing time.
    public func addingWorkingSeconds(_ seconds: Int, to start: Instant, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<Instant> {
        let hours = try requireOfficeHours()
        guard seconds >= 0 else { throw .negativeAmount(seconds) }
        var g = CoverageGuard(table, policy)
        try g.admit(offset(start))
        guard seconds > 0 else { return g.answer(start) }
        let end = instant(atWorkingPosition: workingPosition(start, hours: hours) + seconds, hours: hours)
        try g.admitResult(offset(end))
        return g.answer(end)
    }

    /// The instant `n` working hours after `start` (see `addingWorkingSeconds`).
    public func addingWorkingHours(_ n: Int, to start: Instant, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<Instant> {
        guard n >= 0 else { throw .negativeAmount(n) }
        return try addingWorkingSeconds(n * 3600, to: start, beyond: policy)
    }

    /// Working seconds between two instants (negative when `to` is earlier).
    public func workingSeconds(from: Instant, to: Instant, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<Int> {
        let hours = try requireOfficeHours()
        var g = CoverageGuard(table, policy)
        try g.admit(offset(from))
        try g.admit(offset(to))
        return g.answer(workingPosition(to, hours: hours) - workingPosition(from, hours: hours))
    }
}
