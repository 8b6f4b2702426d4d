/// Whether a calendar read again (a daemon's reload) may take the place of
/// the one cases were counted on.
extension WorkingCalendar {
    /// Why this calendar cannot replace `old` under running cases, or `nil`
    /// when it can. It must answer every question `old` answered, the same
    /// way: cover at least `old`'s days, with the same weekend, office hours
    /// and working days. Otherwise a case's clocks, already counted and
    /// stored, would no longer be what replaying its events gives (`shenpi
    /// audit verify` would report it). Adding days — next year's holidays,
    /// published each November — is what a reload is for.
    public func problem(replacing old: WorkingCalendar) -> String? {
        guard coverage.lowerBound <= old.coverage.lowerBound, old.coverage.upperBound <= coverage.upperBound else {
            return "calendar \(id) would cover \(coverage.lowerBound) to \(coverage.upperBound), "
                + "not all of the \(old.coverage.lowerBound) to \(old.coverage.upperBound) it covers now"
        }
        guard weekend == old.weekend else { return "calendar \(id) would change its weekend days" }
        guard officeHours == old.officeHours else {
            return "calendar \(id) would change its office hours from \(old.officeHours.map(String.init(describing:)) ?? "none") "
                + "to \(officeHours.map(String.init(describing:)) ?? "none")"
        }
        let first = old.coverage.lowerBound.daysSinceEpoch, last = old.coverage.upperBound.daysSinceEpoch
        for day in first...last {
            let date = CivilDate(daysSinceEpoch: day)
            let was = (try? old.isWorkingDay(date).value) ?? false
            let now = (try? isWorkingDay(date).value) ?? false
            if was != now {
                return "calendar \(id) would make \(date) \(now ? "a working day" : "a day off"); it is \(was ? "a working day" : "a day off") now"
            }
        }
        return nil
    }
}
