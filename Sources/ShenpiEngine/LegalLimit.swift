import ShenpiCalendar
import ShenpiMachine

/// The law's limit (法定时限) of an accepted case, reckoned beside the
/// center's promise. A case past its promise is late; one past the legal
/// limit is unlawfully late (违法超期), which a supervisor must see apart.
///
/// Derived, never stored: the same clock entries as the case clock (its
/// start, special procedures and flow pauses, extensions, completion)
/// counted against `limits.legal`, so cases of every engine rules version
/// answer alike and nothing is added to the log.
public struct LegalLimitReading: Sendable, Hashable {
    /// The legal limit as the flow writes it.
    public var limit: TimeLimit
    /// What the case's extensions added to it (Art. 42), in its unit; 0 for none.
    public var extended: Int
    /// When the legal limit runs out; `nil` while the clock is stopped (it
    /// depends on when it runs again) and after a completion in time,
    /// unless it had already run out.
    public var due: Instant?
    /// Normal, warning (within the flow's `warn-before` of it) or overdue
    /// (past it) at the instant judged; a finished case, at its completion.
    public var level: ClockReading.Level
    /// When it turns (or turned) yellow: the flow's `limits.warn-before`
    /// before the due instant (the due it rolled to), on the working day the
    /// colour turns; without a promise, the case clock's own; `nil` without
    /// one, while stopped, once finished and once past it.
    public var warnAt: Instant?
    /// Counted with weekends only where the calendar's data ends (next
    /// year's 调休 unpublished): the due date may still move.
    public var provisional: Bool

    /// Past the legal limit (违法超期).
    public var overdue: Bool { level == .overdue }
}

extension CaseState {
    /// The legal limit of this case at `t`; `nil` for a flow without one or
    /// a case not accepted (no clock).
    public func legalLimit(_ machine: Machine, calendar: WorkingCalendar, at t: Instant) -> LegalLimitReading? {
        caseClock?.legalLimit(machine.limits, calendar: calendar, at: t, rules: ruleset)
    }
}

extension ClockRecord {
    /// The legal limit of the case whose clock this is, under the flow's
    /// `limits`, for a case under engine `rules` (from 9, an extension of a
    /// legal limit that rolled counts from its rolled end).
    public func legalLimit(_ limits: CaseLimits, calendar: WorkingCalendar, at t: Instant, rules: Int) -> LegalLimitReading? {
        guard let legal = limits.legal else { return nil }
        guard limits.promised != nil else {
            // Without a promise the case clock runs on the legal limit itself,
            // and the two must agree: its warning, and rolling forward as it
            // does (rules 9; under older rules it did not roll).
            guard var reading = reckoned(against: legal.timeLimit, calendar: calendar, at: t, rollingForward: rollsForward == true,
                                         extendingFromRolledEnd: rollsForward == true,
                                         warning: warnBefore?.policy ?? .never)
            else { return nil }
            reading.warnAt = isRunning && !reading.overdue ? warnAt : nil
            return reading
        }
        return reckoned(against: legal.timeLimit, calendar: calendar, at: t, extendingFromRolledEnd: rules >= 9,
                               warning: ClockRecord.warning(limits.warnBefore, before: legal.timeLimit.unit, calendar))
    }
}

extension ClockRecord {
    /// This clock's entries counted against another `limit`. An extension
    /// in another unit than `limit`'s is converted: between working and
    /// calendar days as the same number (the law's "十日"), to or from
    /// hours by the calendar's office hours, rounded down (an extension
    /// never grants more than was approved).
    func reckoned(against limit: TimeLimit, calendar: WorkingCalendar, at t: Instant, rollingForward: Bool = true,
                  extendingFromRolledEnd: Bool = false, warning: WarningPolicy = .never) -> LegalLimitReading? {
        guard case .started(let start)? = entries.first else { return nil }
        do {
            // A legal period in calendar days whose last day is a day off ends
            // with the next working day (民法典 Art. 203).
            var clock = try LegalClock(limit: limit, startingAt: start, calendar: calendar, warning: warning, beyond: .guessWeekendsOnly,
                                       rollingForward: rollingForward, extendingFromRolledEnd: extendingFromRolledEnd)
            // A finished case is judged at completion: read the clock then, as it
            // ran, so the colour and a rolled due are worked out as for a running one.
            var completedAt: Instant?
            for entry in entries.dropFirst() {
                if case .completed(let at) = entry {
                    completedAt = at
                } else if case .extended(let at, let by, let approver) = entry {
                    // An extension the law's limit cannot take (given after it ran out) is left out.
                    try? clock.extend(by: Self.converted(by, from: self.limit.unit, to: limit.unit, calendar), approvedBy: approver, at: at)
                } else {
                    try entry.apply(to: &clock)
                }
            }
            let judged = completedAt ?? max(t, start)
            let reading = try clock.reading(at: judged)
            // A clock that rolls forward (days only) reads its warning from the
            // due it rolled to already (`LegalClock.reading`).
            let level = reading.level
            var warnAt = reading.state == .running ? reading.warningFrom : nil
            if case .before = warning, reading.state == .running, level != .overdue, limit.unit == .workdays, let w = warnAt {
                // As the engine's own warnings: on the working day the colour turns,
                // and the next one for a clock resumed on its threshold, still green.
                let day = level == .normal && w <= judged ? judged.date.adding(days: 1) : w.date
                warnAt = (try? calendar.firstWorkingDay(onOrAfter: day, beyond: .guessWeekendsOnly).value).map(Instant.startOfDay) ?? w
            }
            // Once finished: the due only when it had run out (as the case clock keeps it).
            // No warning instant once finished or past it: its warning is behind it.
            let finished = completedAt != nil
            return LegalLimitReading(limit: limit, extended: clock.totalLimit.amount - limit.amount,
                                     due: finished && level != .overdue ? nil : reading.due,
                                     level: level, warnAt: finished || level == .overdue ? nil : warnAt,
                                     // Whether its instants rest on a guess, not whether reading at `t` needed one
                                     // (a case read in January is not in doubt for a due in December).
                                     provisional: clock.isProvisional)
        } catch {
            return nil
        }
    }

    /// The flow's `limits.warn-before` as a warning before the legal limit,
    /// in its unit (converted as extensions are).
    static func warning(_ warnBefore: Limit?, before unit: TimeUnit, _ calendar: WorkingCalendar) -> WarningPolicy {
        guard let warnBefore else { return .never }
        let own = warnBefore.timeLimit
        // Minutes before the close of a day limit's last day: a day's warning.
        if warnBefore.unit == .minutes && unit != .hours { return .before(1) }
        return .before(converted(own.amount, from: own.unit, to: unit, calendar))
    }

    static func converted(_ amount: Int, from unit: TimeUnit, to target: TimeUnit, _ calendar: WorkingCalendar) -> Int {
        guard unit != target else { return amount }
        let minutesPerDay = max(1, calendar.officeHours?.minutesPerDay ?? 480)
        switch (unit, target) {
        case (.hours, _): return amount * 60 / minutesPerDay
        case (_, .hours): return amount * minutesPerDay / 60
        default: return amount
        }
    }
}
