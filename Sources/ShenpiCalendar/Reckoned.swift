/// What to do when a question needs a day past the calendar's covered range.
public enum BeyondCoverage: Hashable, Sendable {
    /// Throw `CalendarError.outOfCoverage` (the default): next year's 调休
    /// days are unknown until the State Council publishes them.
    case refuse
    /// Treat uncovered days as ordinary weeks (weekly days off only) and mark
    /// the answer provisional.
    case guessWeekendsOnly
}

/// An answer from a calendar, and whether it rests on a guess past the
/// covered range (only possible with `BeyondCoverage.guessWeekendsOnly`).
public struct Reckoned<Value: Sendable>: Sendable {
    /// The answer.
    public let value: Value
    /// `true` when a day past the covered range was assumed to follow the
    /// weekly pattern; the answer may change when that year is published.
    public let isProvisional: Bool

    public init(_ value: Value, isProvisional: Bool) {
        self.value = value
        self.isProvisional = isProvisional
    }
}

extension Reckoned: Equatable where Value: Equatable {}
extension Reckoned: Hashable where Value: Hashable {}

/// Tracks, during one computation, whether a day outside the covered range
/// was needed, and refuses it when guessing is not allowed. Holds only the
/// shared day table, so creating one per call costs one retain.
struct CoverageGuard {
    let table: DayTable
    let policy: BeyondCoverage
    private(set) var provisional = false

    /// Given the table, not the calendar: an initializer's argument is
    /// passed owned, so every guard copied the whole calendar for the one
    /// reference it keeps.
    init(_ table: DayTable, _ policy: BeyondCoverage) {
        self.table = table
        self.policy = policy
    }

    /// Admits a day offset the question names, or throws when it is
    /// uncovered and guessing is refused.
    mutating func admit(_ x: Int) throws(CalendarError) {
        if x >= 0 && x < table.count { return }
        try refuseOrGuess(naming: table.origin + x)
    }

    /// Admits the day offset of an answer; a refusal names the first
    /// uncovered day the answer needs (the answer itself is only a guess).
    mutating func admitResult(_ x: Int) throws(CalendarError) {
        if x >= 0 && x < table.count { return }
        try refuseOrGuess(naming: x < 0 ? table.origin - 1 : table.origin + table.count)
    }

    private mutating func refuseOrGuess(naming day: Int) throws(CalendarError) {
        guard policy == .guessWeekendsOnly else {
            let coverage = CivilDate(daysSinceEpoch: table.origin)...CivilDate(daysSinceEpoch: table.origin + table.count - 1)
            throw .outOfCoverage(CivilDate(daysSinceEpoch: day), calendar: table.calendarID, coverage: coverage)
        }
        provisional = true
    }

    func answer<V>(_ value: V) -> Reckoned<V> { Reckoned(value, isProvisional: provisional) }
}
