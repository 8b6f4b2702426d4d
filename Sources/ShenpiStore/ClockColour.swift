import ShenpiCalendar
import ShenpiEngine

/// How a case stands against its limit: the supervisor's traffic light.
public enum ClockColour: String, Sendable, Hashable, CaseIterable {
    case normal
    /// Within the warning period (临近时限).
    case yellow
    /// Past the limit (逾期).
    case red
}

extension CaseState {
    /// The colour of the case clock at `t`. A finished case is judged at its
    /// completion, never at `t` (a case done on time stays normal); a case
    /// not yet accepted has no clock and is normal.
    public func colour(at t: Instant, calendar: WorkingCalendar) -> ClockColour {
        guard let record = caseClock else { return .normal }
        if let colour = record.countedColour(at: t, calendar: calendar) { return colour }
        // The calendar cannot count that far: fall back on the recorded instants.
        if isFinished { return onTime == false ? .red : .normal }
        return record.recordedColour(at: t)
    }
}

extension ClockRecord {
    /// The colour of this clock (a case's or a step's) at `t`: yellow in
    /// its warning period, red past its limit. A completed clock is judged
    /// at its completion.
    public func colour(at t: Instant, calendar: WorkingCalendar) -> ClockColour {
        countedColour(at: t, calendar: calendar) ?? recordedColour(at: t)
    }

    /// Counted on the calendar; `nil` where the calendar cannot count that far.
    func countedColour(at t: Instant, calendar: WorkingCalendar) -> ClockColour? {
        guard let reading = try? legalClock(on: calendar).reading(at: max(t, start)) else { return nil }
        switch reading.level {
        case .normal: return .normal
        case .warning: return .yellow
        case .overdue: return .red
        }
    }

    /// From the recorded due and warning instants alone (no calendar at hand).
    public func recordedColour(at t: Instant) -> ClockColour {
        if let due, t >= due { return .red }
        if let warnAt, t >= warnAt { return .yellow }
        return .normal
    }

    /// When the clock started.
    var start: Instant {
        if case .started(let t) = entries.first { return t }
        return Instant(secondsSinceEpoch: 0)
    }
}
