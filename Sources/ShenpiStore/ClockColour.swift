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
        if let reading = try? record.legalClock(on: calendar).reading(at: max(t, record.start)) {
            switch reading.level {
            case .normal: return .normal
            case .warning: return .yellow
            case .overdue: return .red
            }
        }
        // The calendar cannot count that far: fall back on the recorded instants.
        if isFinished { return onTime == false ? .red : .normal }
        if let due = record.due, t >= due { return .red }
        if let warn = record.warnAt, t >= warn { return .yellow }
        return .normal
    }
}

extension ClockRecord {
    /// When the clock started.
    var start: Instant {
        if case .started(let t) = entries.first { return t }
        return Instant(secondsSinceEpoch: 0)
    }
}
