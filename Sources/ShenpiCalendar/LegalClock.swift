/// A legal time limit running on a case: started at an instant, stopped for
/// special procedures (补正, 听证, 检测, 鉴定, 专家评审 …) and resumed, extended
/// with approval, completed. A pure value: every instant is passed in, there
/// is no wall clock inside, and each change recomputes the due instant.
///
/// Semantics (docs/calendar.md, "Legal clocks"): for day limits the start
/// day does not count and the limit ends with the last counted day; a pause
/// from day P to day R stops the count for the days after P up to and
/// including R (the resume day is like a new start day). For hour limits,
/// working seconds inside office hours are counted exactly.
public struct LegalClock: Sendable {
    /// The calendar the clock was started on; it stays pinned to it.
    public let calendar: WorkingCalendar
    /// The limit as first set, without extensions.
    public let limit: TimeLimit
    /// When the clock turns yellow.
    public let warning: WarningPolicy
    /// What to do when counting needs days past the calendar's data.
    public let beyond: BeyondCoverage
    /// For a limit in calendar days: a last day that is a day off moves to
    /// the next working day (民法典 Art. 203: a period whose last day is a
    /// statutory holiday ends the day after it).
    public let rollsForward: Bool
    /// For a clock that rolls forward: an extension counts from the end of
    /// the period as it rolled, not from the day off it rolled from (Art.
    /// 42's "延长十日" past a period that ended with 8 October instead of 3
    /// October, in the National Day week: without it, the days the holiday
    /// added took the extension up and the due stayed where it was).
    public let extendsFromRolledEnd: Bool
    /// Every event, in order, starting with `.started`.
    public private(set) var history: [ClockEvent]

    /// Units counted in closed running segments (days, or working seconds).
    var consumed = 0
    /// Units added by extensions.
    var extended = 0
    /// Units the period had rolled forward by when an extension was counted
    /// from its rolled end (`extendsFromRolledEnd`).
    var rolledIn = 0
    /// Start of the running segment; `nil` while paused or completed.
    var runningSince: Instant?
    /// Due instant of the running segment.
    var segmentDue: Instant?
    /// The due instant, once a closed segment ran past it: overdue for good.
    var lapsedAt: Instant?
    var pausedFor: PauseReason?
    var provisional = false
    /// When the clock was completed: the instant it is judged at from then on.
    public private(set) var completedAt: Instant?

    /// Starts a clock at `start`.
    public init(limit: TimeLimit, startingAt start: Instant, calendar: WorkingCalendar,
                warning: WarningPolicy = .share(0.8), beyond: BeyondCoverage = .refuse,
                rollingForward: Bool = false, extendingFromRolledEnd: Bool = false) throws(ClockError) {
        guard limit.amount >= 0 else { throw .negativeAmount(limit.amount) }
        if limit.unit == .hours && calendar.officeHours == nil {
            throw .calendar(.noOfficeHours(calendar: calendar.id))
        }
        self.calendar = calendar
        self.limit = limit
        self.warning = warning
        self.beyond = beyond
        rollsForward = rollingForward && limit.unit == .days
        extendsFromRolledEnd = extendingFromRolledEnd && rollsForward
        history = [.started(at: start)]
        try run(from: start)
    }

    /// The limit with every extension.
    public var totalLimit: TimeLimit { TimeLimit(limit.amount + extended / limit.unit.secondsPerUnit, limit.unit) }

    /// When the limit runs out, as things stand: recomputed after every pause,
    /// resume and extension. `nil` while paused (it depends on when the clock
    /// resumes) unless it had already run out; for a completed clock, the due
    /// instant it was judged against.
    public var due: Instant? { lapsedAt ?? segmentDue }

    /// Running: started or resumed, and neither paused nor completed.
    public var isRunning: Bool { runningSince != nil }
    /// Stopped for a special procedure, waiting to resume.
    public var isPaused: Bool { pausedFor != nil }
    /// Whether a weekends-only guess was needed so far.
    public var isProvisional: Bool { provisional }

    /// Stops the clock for a special procedure.
    public mutating func pause(at t: Instant, reason: PauseReason) throws(ClockError) {
        try checkOrder(t)
        guard runningSince != nil else { throw .notRunning(t) }
        try close(at: t)
        pausedFor = reason
        history.append(.paused(at: t, reason: reason))
    }

    /// Restarts a paused clock; the day of resumption is not counted.
    public mutating func resume(at t: Instant) throws(ClockError) {
        try checkOrder(t)
        guard pausedFor != nil else { throw .notPaused(t) }
        pausedFor = nil
        history.append(.resumed(at: t))
        try run(from: t)
    }

    /// Lengthens the limit by `amount` units of its own unit (Art. 42: "10 more
    /// days with the head's approval"), recording who approved it and why.
    /// Only before the limit has run out.
    public mutating func extend(by amount: Int, approvedBy approver: String, at t: Instant, reason: String? = nil) throws(ClockError) {
        try checkOrder(t)
        guard amount >= 0 else { throw .negativeAmount(amount) }
        if let due = due, t >= due { throw .extensionAfterDue(at: t, due: due) }
        if extendsFromRolledEnd, let from = runningSince ?? stoppedAt {
            do {
                rolledIn += try rolledDays(from: from)
            } catch {
                throw .calendar(error)
            }
        }
        extended += amount * limit.unit.secondsPerUnit
        history.append(.extended(at: t, by: amount, approver: approver, reason: reason))
        if let s = runningSince { try run(from: s) }
    }

    /// Stops the clock for good: the case is decided. It is judged at `t`.
    public mutating func complete(at t: Instant) throws(ClockError) {
        try checkOrder(t)
        if runningSince != nil { try close(at: t) }
        pausedFor = nil
        completedAt = t
        history.append(.completed(at: t))
    }

    // MARK: segments

    private func checkOrder(_ t: Instant) throws(ClockError) {
        if let done = completedAt { throw .alreadyCompleted(done) }
        if let last = history.last?.instant, t < last { throw .outOfOrder(t, last: last) }
    }

    /// Opens a running segment at `s` and computes its due instant.
    private mutating func run(from s: Instant) throws(ClockError) {
        runningSince = s
        guard lapsedAt == nil else {
            segmentDue = nil
            return
        }
        var g = CoverageGuard(calendar.table, beyond)
        do {
            if rollsForward {
                // A segment closed inside the days a holiday added has counted
                // past the limit without lapsing: what is left ends with the day it resumed.
                segmentDue = try rolledDue(from: s, &g)
            } else {
                segmentDue = try reach(limitUnits - consumed, from: s, endOfDay: true, &g)
            }
        } catch {
            throw .calendar(error)
        }
        provisional = provisional || g.provisional
    }

    /// Closes the running segment at `e`: counts it, and notes a due instant
    /// passed inside it.
    private mutating func close(at e: Instant) throws(ClockError) {
        guard let s = runningSince else { return }
        var g = CoverageGuard(calendar.table, beyond)
        do {
            consumed += try count(from: s, to: e, &g)
        } catch {
            throw .calendar(error)
        }
        provisional = provisional || g.provisional
        if lapsedAt == nil, let due = segmentDue, e >= due { lapsedAt = due }
        runningSince = nil
        segmentDue = nil
    }

    var limitUnits: Int { limit.amount * limit.unit.secondsPerUnit + extended + rolledIn }

    /// When a stopped clock stopped: its completion, else its last pause.
    var stoppedAt: Instant? {
        if let completedAt { return completedAt }
        guard pausedFor != nil else { return nil }
        for event in history.reversed() {
            if case .paused(let at, _) = event { return at }
        }
        return nil
    }

    /// The due of a clock (days, rolling) counted on from `s` as it stands:
    /// the rolled end of what is left (`run`'s due), for a stopped clock as
    /// if it ran on from when it stopped.
    func rolledDue(from s: Instant, _ g: inout CoverageGuard) throws(CalendarError) -> Instant {
        try rolledForward(reach(max(0, limitUnits - consumed), from: s, endOfDay: true, &g), &g)
    }

    /// The days the period as it stands rolled forward by: from the day its
    /// count ends (which a clock stopped in the days a holiday added has
    /// passed already) to the day it rolled to.
    private mutating func rolledDays(from s: Instant) throws(CalendarError) -> Int {
        var g = CoverageGuard(calendar.table, beyond)
        let rolled = try rolledDue(from: s, &g)
        let counted = s.localDay + (limitUnits - consumed) + 1
        provisional = provisional || g.provisional
        return max(0, rolled.localDay - counted)
    }

    /// The end of the first working day at or after the last day of a due
    /// instant (itself the end of that day).
    func rolledForward(_ due: Instant, _ g: inout CoverageGuard) throws(CalendarError) -> Instant {
        let rolled = try calendar.firstWorkingOffset(atOrAfter: calendar.offset(due) - 1, &g)
        return Instant(localDay: calendar.table.origin + rolled + 1, secondOfDay: 0)
    }
}
