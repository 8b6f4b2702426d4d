import ShenpiCalendar
import ShenpiMachine

/// Every command is checked completely before its first event, but for two
/// refusals that only show while it runs: the calendar's (a clock counted
/// past the calendar's data, or a recorded extension that no longer fits
/// after the data changed) and a route loop. `step(into:)` asks this first
/// and runs a command that might meet one on a copy of the state; the rest
/// change the state in place with nothing to undo. Conservative: `true`
/// only costs the copy.
extension CaseState {
    func mayRefuseLate(_ command: Command, machine: MachineTables, calendar: WorkingCalendar, at now: Instant) -> Bool {
        let facts = machine.lateRefusals
        // Whether the command may count the active steps' clocks again
        // (pause, resume); else it only starts new ones, on machine limits.
        let recounts: Bool
        switch command {
        case .rate, .followUp, .callBack, .extend:
            // One event after all checks; an extension is counted before its first event.
            return false
        case .submit(_, _, .online, _, _):
            return false  // nothing runs before the window receives it
        case .decide, .timerFired:
            // A decision's `extend:` is refused once the limit has run out,
            // or past the flow's ceiling (`limits.extension`), after the decision's first event.
            if facts.extendingDecisions { return true }
            recounts = facts.pausingDecisions
        case .startSpecialProcedure, .endSpecialProcedure:
            recounts = true
        case .submit, .receive, .supplement, .withdraw:
            recounts = false
        }
        if facts.routesMayLoop || facts.negativeLimit || (facts.rollingCaseLimit && ruleset >= 9) { return true }
        // The most units a clock may count from now: a new one starts now (or
        // at the receipt, earlier) on a machine limit; one counted again
        // (completed, paused, resumed) has at most its own limit left.
        // Counting is monotonic, so if the largest ends within the
        // calendar's data, every one does.
        var workdays = facts.maxWorkdays, hours = (facts.maxMinutes + 59) / 60, anyHours = facts.hourLimits
        // Counting a clock again replays it from its start: the earliest
        // start (or receipt, where a deemed acceptance starts) must be in the data.
        var earliest = receivedAt
        func include(_ clock: ClockRecord.Reach?) -> Bool {
            guard let clock else { return true }
            switch clock.unit {
            case .workdays: workdays = max(workdays, clock.amount)
            case .hours:
                hours = max(hours, clock.amount)
                anyHours = true
            case .days: break  // counted without the calendar's data
            }
            if let start = clock.start { earliest = min(earliest ?? start, start) }
            return clock.countable
        }
        guard include(caseClock?.reach) else { return true }
        if recounts {
            for i in tokens.indices where !include(readToken(i, { $0.clock?.reach })) { return true }
        }
        if let earliest, !calendar.covers(earliest) { return true }
        return !calendar.reaches(TimeLimit(workdays, .workdays), from: now)
            || (anyHours && !calendar.reaches(TimeLimit(hours, .hours), from: now))
    }
}

extension ClockRecord {
    /// What `mayRefuseLate` needs of a clock, read in place (binding the
    /// record copied it): its unit, amount and start, and whether it can be
    /// counted again without a refusal for a reason other than its reach:
    /// no extension recorded (replayed on changed data, one may come after
    /// the due instant). `nil` for a completed clock, never counted again.
    struct Reach {
        var unit: TimeUnit
        var amount: Int
        var start: Instant?
        var countable: Bool
    }

    var reach: Reach? {
        guard completedAt == nil else { return nil }
        var start: Instant?
        var countable = true
        for entry in entries {
            switch entry {
            case .started(let at): start = min(start ?? at, at)
            case .extended: countable = false
            case .paused, .resumed, .completed: break
            }
        }
        return Reach(unit: limit.unit, amount: limit.amount, start: start, countable: countable)
    }
}
