extension LegalClock {
    /// The clock at instant `t`: elapsed and remaining time, due instant,
    /// and level — normal, warning (yellow) or overdue (red). A completed
    /// clock asked about a later instant is judged at its completion instant,
    /// never at `t`. An instant earlier than the last event is answered by
    /// replaying the history up to it.
    public func reading(at t: Instant) throws(ClockError) -> ClockReading {
        guard let start = history.first?.instant, t >= start else { throw .beforeStart(t) }
        if let last = history.last?.instant, t < last { return try replayed(through: t).reading(at: t) }

        let judged = completedAt ?? t
        var g = CoverageGuard(calendar.table, beyond)
        var elapsed = consumed
        var warningFrom: Instant? = nil
        do {
            if let s = runningSince {
                elapsed += try count(from: s, to: judged, &g)
                if lapsedAt == nil, let w = warningThreshold {
                    warningFrom = w <= consumed ? s : try reach(w - consumed, from: s, endOfDay: true, &g)
                }
            }
        } catch {
            throw .calendar(error)
        }

        let overdue = lapsedAt != nil || (segmentDue.map { judged >= $0 } ?? false)
        // Yellow for the last n days before the due it rolled to, not before
        // the day it rolled from (that may be days before). A stopped clock
        // keeps the colour it had when it stopped, as one that does not roll
        // does: judged then, against the due it had then.
        var rolledFrom: (warning: Instant, judged: Instant)?
        if rollsForward, !overdue, case .before(let n) = warning {
            do {
                if runningSince != nil, let due = segmentDue {
                    warningFrom = Instant.startOfDay(due.date.adding(days: -n))
                    rolledFrom = (warningFrom!, judged)
                } else if let stopped = stoppedAt {
                    let due = try rolledDue(from: stopped, &g)
                    rolledFrom = (Instant.startOfDay(due.date.adding(days: -n)), stopped)
                }
            } catch {
                throw .calendar(error)
            }
        }
        let level: ClockReading.Level
        if overdue {
            level = .overdue
        } else if let rolled = rolledFrom {
            level = rolled.judged >= rolled.warning ? .warning : .normal
        } else if let w = warningThreshold, limit.unit == .hours ? elapsed >= w : elapsed > w {
            // Day limits count the day being judged once it has begun, so the
            // threshold has fully passed only when the next day has begun —
            // the same instant as `warningFrom`.
            level = .warning
        } else {
            level = .normal
        }
        let state: ClockReading.State = completedAt != nil ? .completed : pausedFor.map { .paused($0) } ?? .running
        return ClockReading(
            state: state, level: level, judgedAt: judged,
            limit: ClockAmount(unit: limit.unit, value: limitUnits),
            elapsed: ClockAmount(unit: limit.unit, value: elapsed),
            remaining: ClockAmount(unit: limit.unit, value: limitUnits - elapsed),
            due: due, warningFrom: warningFrom,
            isProvisional: provisional || g.provisional)
    }

    /// For a paused clock, the due instant it would have if it resumed at `t`.
    public func projectedDue(resumingAt t: Instant) throws(ClockError) -> Instant? {
        var copy = self
        try copy.resume(at: t)
        return copy.due
    }

    /// The same clock with only the events up to and including `t`.
    func replayed(through t: Instant) throws(ClockError) -> LegalClock {
        var clock = try LegalClock(limit: limit, startingAt: history[0].instant, calendar: calendar, warning: warning, beyond: beyond,
                                   rollingForward: rollsForward)
        for event in history.dropFirst() where event.instant <= t {
            switch event {
            case .started: break
            case .paused(let at, let reason): try clock.pause(at: at, reason: reason)
            case .resumed(let at): try clock.resume(at: at)
            case .extended(let at, let by, let approver, let reason): try clock.extend(by: by, approvedBy: approver, at: at, reason: reason)
            case .completed(let at): try clock.complete(at: at)
            }
        }
        return clock
    }
}
