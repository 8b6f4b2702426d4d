/// Day arithmetic. Days are handled as offsets from the first covered day;
/// two functions over them, both O(1), answer everything:
/// `workingBefore(x)` (prefix sums) and `workingDay(k)` (the k-th working day).
/// Past either end of the table they continue with the weekly pattern.
extension WorkingCalendar {
    func offset(_ date: CivilDate) -> Int { date.daysSinceEpoch - table.origin }

    /// The offset of an instant's Beijing date, without building the date.
    func offset(_ t: Instant) -> Int { t.localDay - table.origin }

    func date(offset x: Int) -> CivilDate { CivilDate(daysSinceEpoch: table.origin + x) }

    func isWorking(offset x: Int) -> Bool {
        if x >= 0 && x < table.count { return DayCode.isWorking(table.kinds[x]) }
        return !weekend.isOff(day: table.origin + x)
    }

    /// Working days among offsets `0 ..< x`; for `x < 0`, minus those in `x ..< 0`.
    func workingBefore(_ x: Int) -> Int {
        if x < 0 { return -weekend.count(from: table.origin + x, to: table.origin) }
        if x <= table.count { return Int(table.prefix[x]) }
        return table.workingTotal + weekend.count(from: table.origin + table.count, to: table.origin + x)
    }

    /// The offset of working day number `k` (0 = the first covered working
    /// day, -1 = the last working day before the covered range).
    func workingDay(_ k: Int) -> Int {
        if k < 0 { return weekend.working(-k - 1, before: table.origin) - table.origin }
        if k < table.workingTotal { return Int(table.nth[k]) }
        return weekend.working(k - table.workingTotal, onOrAfter: table.origin + table.count) - table.origin
    }

    /// Is `date` a working day?
    public func isWorkingDay(_ date: CivilDate, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<Bool> {
        var g = CoverageGuard(table, policy)
        try g.admit(offset(date))
        return g.answer(isWorking(offset: offset(date)))
    }

    /// What `date` is and why: an ordinary working day or weekend, or a
    /// listed day off or adjusted working day with its name. Covered days only.
    public func kind(of date: CivilDate) throws(CalendarError) -> DayKind {
        var g = CoverageGuard(table, .refuse)
        let x = offset(date)
        try g.admit(x)
        let name = table.names[x] ?? ""
        switch DayCode(rawValue: table.kinds[x]) ?? .workday {
        case .workday: return .workday
        case .weekend: return .weekend
        case .dayOff: return .dayOff(name)
        case .adjustedWorkday: return .adjustedWorkday(name)
        }
    }

    /// The date `n` working days after `date`: the start day does not count,
    /// and a limit of `n` working days ends with the returned day. `n = 0`
    /// answers `date` itself; a negative `n` counts back (the |n|-th working
    /// day before `date`).
    public func addingWorkdays(_ n: Int, to date: CivilDate, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<CivilDate> {
        var g = CoverageGuard(table, policy)
        let x = offset(date)
        try g.admit(x)
        guard n != 0 else { return g.answer(date) }
        let y = workingDay(n > 0 ? workingBefore(x + 1) + n - 1 : workingBefore(x) + n)
        try g.admitResult(y)
        return g.answer(self.date(offset: y))
    }

    /// The fewest calendar days `n` working days take on the covered data
    /// (from a start day, not counted, to the n-th working day after it):
    /// 12 workdays take at least 14 days on `cn` (a 调休 Saturday worked). `nil` when no start in the
    /// covered range reaches its n-th working day inside it, or `n < 1`.
    public func shortestSpan(ofWorkdays n: Int) -> Int? {
        guard n >= 1 else { return nil }
        var best: Int?
        var d = coverage.lowerBound
        while d <= coverage.upperBound {
            guard let end = try? addingWorkdays(n, to: d).value else { break }
            let span = end.daysSinceEpoch - d.daysSinceEpoch
            if best.map({ span < $0 }) ?? true { best = span }
            d = d.adding(days: 1)
        }
        return best
    }

    /// Working days after `from` up to and including `to`: the inverse of
    /// `addingWorkdays` (2025-09-26 → 2025-10-16 is 10). Negative when `to`
    /// is before `from`.
    public func workdays(from: CivilDate, to: CivilDate, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<Int> {
        var g = CoverageGuard(table, policy)
        let a = offset(from), b = offset(to)
        try g.admit(a)
        try g.admit(b)
        return g.answer(workingBefore(b + 1) - workingBefore(a + 1))
    }

    /// Working days from January 1 through December 31 of `year`.
    public func workdays(inYear year: Int, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<Int> {
        let first = offset(CivilDate(year: year, month: 1, day: 1) ?? coverage.lowerBound)
        let last = offset(CivilDate(year: year, month: 12, day: 31) ?? coverage.upperBound)
        var g = CoverageGuard(table, policy)
        try g.admit(first)
        try g.admit(last)
        return g.answer(workingBefore(last + 1) - workingBefore(first))
    }

    /// The date `n` calendar days after `date`. Plain date arithmetic unless
    /// `rollingOffDaysForward`, which moves a result that falls on a day off
    /// to the next working day (the rule of 民法典 Art. 203 for periods whose
    /// last day is a statutory holiday); only that needs covered days.
    public func addingDays(_ n: Int, to date: CivilDate, rollingOffDaysForward: Bool = false,
                           beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<CivilDate> {
        let target = date.adding(days: n)
        guard rollingOffDaysForward else { return Reckoned(target, isProvisional: false) }
        return try firstWorkingDay(onOrAfter: target, beyond: policy)
    }

    /// `date` if it is a working day, else the next one (a warning or a
    /// period's end moved off a day off).
    public func firstWorkingDay(onOrAfter date: CivilDate, beyond policy: BeyondCoverage = .refuse) throws(CalendarError) -> Reckoned<CivilDate> {
        var g = CoverageGuard(table, policy)
        let x = try firstWorkingOffset(atOrAfter: offset(date), &g)
        return g.answer(self.date(offset: x))
    }

    /// The offset of the first working day at or after offset `x`, O(1).
    func firstWorkingOffset(atOrAfter x: Int, _ g: inout CoverageGuard) throws(CalendarError) -> Int {
        try g.admit(x)
        let rolled = workingDay(workingBefore(x))
        try g.admitResult(rolled)
        return rolled
    }
}
