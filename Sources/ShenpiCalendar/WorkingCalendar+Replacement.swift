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
        replacementProblem(replacing: old)?.description
    }

    /// `problem(replacing:)` with what changed, to find the line behind it
    /// (`place(of:)`).
    public func replacementProblem(replacing old: WorkingCalendar) -> ReplacementProblem? {
        guard coverage.lowerBound <= old.coverage.lowerBound, old.coverage.upperBound <= coverage.upperBound else {
            return ReplacementProblem(change: .coverage, description: "calendar \(id) would cover \(coverage.lowerBound) to \(coverage.upperBound), "
                + "not all of the \(old.coverage.lowerBound) to \(old.coverage.upperBound) it covers now")
        }
        guard weekend == old.weekend else { return ReplacementProblem(change: .weekend, description: "calendar \(id) would change its weekend days") }
        guard officeHours == old.officeHours else {
            return ReplacementProblem(change: .officeHours, description: "calendar \(id) would change its office hours from "
                + "\(old.officeHours.map(String.init(describing:)) ?? "none") to \(officeHours.map(String.init(describing:)) ?? "none")")
        }
        var changed: [(date: CivilDate, working: Bool)] = []
        let first = old.coverage.lowerBound.daysSinceEpoch, last = old.coverage.upperBound.daysSinceEpoch
        for day in first...last {
            let date = CivilDate(daysSinceEpoch: day)
            let was = (try? old.isWorkingDay(date).value) ?? false
            let now = (try? isWorkingDay(date).value) ?? false
            if was != now { changed.append((date, now)) }
        }
        guard let one = changed.first else { return nil }
        func kind(_ working: Bool) -> String { working ? "a working day" : "a day off" }
        let description: String
        if changed.count == 1 {
            description = "calendar \(id) would make \(one.date) \(kind(one.working)); it is \(kind(!one.working)) now"
        } else {
            // A few days named, in date order, so a slip is recognised; the count for the rest.
            let named = changed.prefix(3).map { "\($0.date) \(kind($0.working)) (\(kind(!$0.working)) now)" }
            let more = changed.count - named.count
            description = "calendar \(id) would make " + named.dropLast().joined(separator: ", ") + " and " + named.last!
                + (more == 0 ? "" : ", and change \(more) more day\(more == 1 ? "" : "s")")
        }
        return ReplacementProblem(change: .days(changed.map(\.date)), description: description)
    }

    /// The file and line behind a problem replacing another calendar, read
    /// from this calendar's files: for changed days, the entry deciding the
    /// first of them in the topmost layer that lists it; for the covered
    /// range, the topmost `covers` line; else what the own file says
    /// (`CalendarDefinition.line(of:)`). `nil` when no file tells it.
    public func place(of problem: ReplacementProblem) -> (file: String, line: Int)? {
        guard let own = layers.last else { return nil }
        switch problem.change {
        case .days(let days):
            for layer in layers.reversed() {
                if let line = layer.entryLine(listing: days[0]) { return (layer.file, line) }
            }
        case .coverage:
            if let setter = layers.last(where: { $0.coversLine > 0 }) { return (setter.file, setter.coversLine) }
        case .weekend, .officeHours:
            // The root sets the weekend; office hours come from the topmost layer that states them.
            let setter = problem.change == .weekend ? layers.first : layers.last(where: { $0.hoursLine > 0 })
            if let setter, setter.file != own.file, setter.line(of: problem) > 0 { return (setter.file, setter.line(of: problem)) }
        }
        let line = own.line(of: problem)
        return line > 0 ? (own.file, line) : nil
    }
}

extension CalendarDefinition {
    /// The line of this file behind a problem replacing its calendar: the
    /// entry listing the first changed day, or (an entry deleted, or the
    /// covered range) the `covers` line; the `weekend` or `hours` line that
    /// changes them; else (the line deleted) the `calendar` line. 0 when the
    /// file was not read.
    public func line(of problem: ReplacementProblem) -> Int {
        switch problem.change {
        case .days(let days): return entryLine(listing: days[0]) ?? coverageLine
        case .coverage: return coverageLine
        case .weekend: return weekendLine > 0 ? weekendLine : calendarLine
        case .officeHours: return hoursLine > 0 ? hoursLine : calendarLine
        }
    }
}

/// Why a calendar read again cannot take the place of the one cases were
/// counted on: what changed, and the one-line message.
public struct ReplacementProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Change: Hashable, Sendable {
        /// It would not cover every day the running one does.
        case coverage
        case weekend
        case officeHours
        /// These days (in date order, at least one) would turn from working
        /// day to day off or back.
        case days([CivilDate])
    }

    public let change: Change
    /// "calendar cn would make 2026-10-07 a working day; it is a day off now".
    public let description: String
}
