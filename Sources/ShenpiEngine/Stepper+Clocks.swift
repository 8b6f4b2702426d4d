import ShenpiCalendar
import ShenpiMachine

/// Clocks and their timers. Every change to a clock recomputes its due and
/// warning instants on the calendar and reschedules its timers: cancel, then
/// schedule at the new instants (the pitfall of paused cases that never warn).
extension Stepper {
    static func timeoutID(_ token: Int) -> String {
        token >= 0 && token < timerIDTable ? timeoutIDs[token] : "step-\(token)-timeout"
    }

    static func warningID(_ token: Int) -> String {
        token >= 0 && token < timerIDTable ? warningIDs[token] : "step-\(token)-warning"
    }

    // The ids of the first tokens, built once: interpolating them on every
    // schedule and cancel was a visible share of a step.
    static let timerIDTable = 64
    static let timeoutIDs = (0..<timerIDTable).map { "step-\($0)-timeout" }
    static let warningIDs = (0..<timerIDTable).map { "step-\($0)-warning" }

    /// The id the engine gives a timer of `kind` (and `token`): `case-timeout`,
    /// `case-warning`, `step-N-timeout`, `step-N-warning`, `wait-N`.
    static func timerID(_ kind: TimerKind, _ token: Int?) -> String {
        switch (kind, token) {
        case (.caseTimeout, _): return "case-timeout"
        case (.caseWarning, _): return "case-warning"
        case (.stepTimeout, let token?): return timeoutID(token)
        case (.stepWarning, let token?): return warningID(token)
        case (.waitEnds, let token?): return "wait-\(token)"
        case (.stepTimeout, nil): return "step-timeout"
        case (.stepWarning, nil): return "step-warning"
        case (.waitEnds, nil): return "wait"
        }
    }

    /// The case clock runs on the promised limit when there is one, else the legal limit.
    /// Rules 9: running on a legal limit in calendar days (no promise), it
    /// rolls past days off as that limit does (民法典 Art. 203); under older
    /// rules it ended on the day off, a day or a holiday before the law's.
    mutating func startCaseClock(at start: Instant) throws(EngineError) {
        guard let limit = machine.limits.promised ?? machine.limits.legal else { return }
        let rolls = state.ruleset >= 9 && machine.limits.promised == nil && limit.unit == .days
        let clock: NewClock
        do {
            clock = try newClock(limit.timeLimit, warnBefore: machine.limits.warnBefore?.warning(before: limit.timeLimit), at: start,
                                 rollingForward: rolls)
        } catch {
            throw Self.naming(error, "the case limit (\(limit.timeLimit) from \(start.date))")
        }
        record(.clockStarted(.caseClock, limit: clock.limit, warnBefore: clock.warnBefore, start: start, due: clock.due, warnAt: clock.warnAt,
                             rollsForward: rolls))
        scheduleTimers(.caseClock, due: clock.due, warnAt: clock.warnAt)
    }

    /// Starts the step clock of a token whose task has a limit; `supplied`:
    /// it starts because the applicant handed in what its request asked for.
    mutating func startStepClock(_ token: Int, supplied: Bool = false) throws(EngineError) {
        guard let i = tokenIndex(token), let task = machine.taskClocks[state.tokens[i].node] else { return }
        let limit = task.limit.timeLimit
        // Rules 2: a step entered at midnight by a timer (a deemed acceptance,
        // a wait) starts at the end of the day before, so the day it enters is
        // its first counted day, as the case clock counts it (under rules 1 the
        // step lost that day, and steps each on time could add up late).
        // Rules 8: only the engine's own move at midnight (a timer's) counts
        // that day; an officer's command at 00:00 starts the count on the next
        // day, as the case clock's start does (under 2–7 it counted that day too).
        let start = state.ruleset >= 2 && limit.unit != .hours && now.secondOfDay == 0 && (byTimer || state.ruleset < 8)
            ? now.adding(seconds: -1) : now
        let clock: NewClock
        do {
            clock = try newClock(limit, warnBefore: task.warnBefore?.warning(before: limit), at: start)
        } catch {
            throw Self.naming(error, "step \"\(machine.nodes[state.tokens[i].node].id)\"'s limit (\(limit) from \(start.date))")
        }
        record(.clockStarted(.step(token: token), limit: limit, warnBefore: clock.warnBefore, start: start, due: clock.due,
                             warnAt: clock.warnAt))
        if state.ruleset >= 8, let hold = holdOnStart(node: state.tokens[i].node, supplied: supplied) {
            // Stopped from its first instant: no time runs and no timer is set until the hold ends.
            try changeClock(.step(token: token), .paused(at: start, reason: text(hold)))
            return
        }
        scheduleTimers(.step(token: token), due: clock.due, warnAt: clock.warnAt)
    }

    /// A clock that cannot start, named for the officer refused: near the
    /// year's end a step entered on a case due in December may have its own
    /// limit end in January, past the published holidays, and the bare
    /// calendar message read as if the case itself were late.
    static func naming(_ error: EngineError, _ clock: String) -> EngineError {
        guard case .clock(let message) = error else { return error }
        return .clock("\(clock) cannot be counted: \(message)")
    }

    /// A clock the calendar refuses to count. Past its data, the officer is
    /// told that nothing happened and when it can (the year-end case).
    static func refusal(_ error: ClockError) -> EngineError {
        guard case .calendar(.outOfCoverage) = error else { return .clock(error.description) }
        return .clock(error.description + "; nothing was recorded: retry once next year's holidays are added to the calendar")
    }

    /// Rules 8: the hold a step clock starting now starts under, if any. A
    /// special procedure begun at this step and still running holds it (the
    /// step entered again, or its supplement come in, while its own testing
    /// goes on: under older rules the clock ran, and its timeout could decide
    /// the step mid-hearing). A step whose applicant has just supplied was
    /// waiting when whatever stops the case clock began, so that stops it too
    /// (another branch's appraisal). A step newly entered during a hold still
    /// runs its own clock: that is the hold's own work.
    func holdOnStart(node: Int, supplied: Bool) -> String? {
        let id = machine.nodes[node].id
        if let own = state.specialProcedures?.first(where: { $0.step == id }) { return own.reason }
        guard supplied, let clock = state.caseClock, clock.completedAt == nil, clock.pausedFor != nil else { return nil }
        return state.specialProcedure ?? state.flowPause ?? clock.pausedFor
    }

    /// A new clock's instants: those rebuilding it (`rebuild`, then
    /// `warning(of:)`) would give, read from the calendar without building
    /// the `LegalClock` (`LegalClock.dueOfNewClock`).
    struct NewClock {
        var limit: TimeLimit
        var warnBefore: WarnBefore?
        var due: Instant
        var warnAt: Instant?
    }

    mutating func newClock(_ limit: TimeLimit, warnBefore: WarnBefore?, at start: Instant,
                           rollingForward: Bool = false) throws(EngineError) -> NewClock {
        if rollingForward {
            // Rare (a flow without a promise on a legal limit in days): the clock itself, as a rebuild reads it.
            let legal: LegalClock
            do {
                legal = try LegalClock(limit: limit, startingAt: start, calendar: calendar, warning: warnBefore?.policy ?? .never,
                                       rollingForward: true, extendingFromRolledEnd: true)
            } catch {
                throw Self.refusal(error)
            }
            guard let due = legal.due else { throw .clock("the clock started at \(start) has no due instant") }
            return NewClock(limit: limit, warnBefore: warnBefore, due: due, warnAt: try warning(of: legal, warnBefore))
        }
        let due: Instant
        if let workdays = calendar.dueOfWorkdays(limit, from: start) {
            due = workdays
        } else {
            do {
                due = try LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: calendar)
            } catch {
                throw Self.refusal(error)
            }
        }
        var warnAt: Instant?
        switch warnBefore {
        case nil:
            warnAt = nil
        case .units(let n):
            warnAt = (try? LegalClock.warningOfNewClock(limit: limit, startingAt: start, calendar: calendar,
                                                        warning: .before(n), at: max(now, start))) ?? nil
            warnAt = onWorkingDay(warnAt, limit.unit)
        case .workingMinutes(let minutes):
            warnAt = warning(due: due, workingMinutes: minutes)
        }
        return NewClock(limit: limit, warnBefore: warnBefore, due: due, warnAt: warnAt)
    }

    /// Records `change` on a clock with its recomputed instants; returns the clock.
    @discardableResult
    mutating func changeClock(_ id: ClockID, _ change: RecordedFact.ClockChange) throws(EngineError) -> LegalClock {
        // Rebuilt from the record as it stands, then the entry: a copy of
        // the record with the entry appended copied its entries, and kept
        // the state's shared, so the fold copied them again.
        let (legal, warnBefore) = try rebuilt(id, then: change.entry(texts: texts))
        record(.clockChanged(id, change, due: legal.due, warnAt: try warning(of: legal, warnBefore)))
        return legal
    }

    mutating func rebuilt(_ id: ClockID, then entry: ClockEntry) throws(EngineError) -> (LegalClock, WarnBefore?) {
        guard let clock = clock(id) else { throw .notAccepted }
        var legal = try rebuild(clock)
        do {
            try entry.apply(to: &legal, skippingLateExtensions: state.ruleset >= 8)
        } catch {
            throw Self.refusal(error)
        }
        return (legal, clock.warnBefore)
    }

    mutating func clock(_ id: ClockID) -> ClockRecord? {
        switch id {
        case .caseClock: return state.caseClock
        case .step(let token): return tokenIndex(token).flatMap { state.tokens[$0].clock }
        }
    }

    /// A running clock's due and warning instants, read in place (copying
    /// the record would copy its entries); `nil` when it is not running.
    mutating func runningTimes(_ id: ClockID) -> (due: Instant?, warnAt: Instant?)? {
        switch id {
        case .caseClock:
            guard state.caseClock?.isRunning == true else { return nil }
            return (state.caseClock?.due, state.caseClock?.warnAt)
        case .step(let token):
            guard let i = tokenIndex(token) else { return nil }
            return place.pointee.readToken(i) { $0.clock?.isRunning == true ? ($0.clock?.due, $0.clock?.warnAt) : nil }
        }
    }

    mutating func rebuild(_ record: ClockRecord) throws(EngineError) -> LegalClock {
        do {
            return try record.legalClock(on: calendar, skippingLateExtensions: state.ruleset >= 8)
        } catch {
            throw Self.refusal(error)
        }
    }

    /// When a running clock turns yellow, if it has a warning.
    mutating func warning(of legal: LegalClock, _ warnBefore: WarnBefore?) throws(EngineError) -> Instant? {
        guard legal.isRunning, let due = legal.due, let warnBefore else { return nil }
        switch warnBefore {
        case .units:
            let at = max(now, legal.history.last?.instant ?? now)
            let reading = try? legal.reading(at: at)
            // Rules 2: a day clock resumed with its threshold reached but not
            // passed (a pause begun on the last green day) is still green; it
            // turns yellow when the next day begins, not at the resume (under
            // rules 1 that warning was dropped as already past).
            if state.ruleset >= 2, legal.limit.unit != .hours, let reading, reading.level == .normal,
               let w = reading.warningFrom, w <= at {
                return onWorkingDay(Instant.startOfDay(at.date.adding(days: 1)), legal.limit.unit)
            }
            return onWorkingDay(reading?.warningFrom, legal.limit.unit)
        case .workingMinutes(let minutes):
            return warning(due: due, workingMinutes: minutes)
        }
    }

    /// Rules 2: a workday clock's warning that falls on a non-working day
    /// turns at the start of the next working day, when its colour does
    /// (under rules 1 the reminder went out at midnight of a Saturday while
    /// the clock still read green).
    mutating func onWorkingDay(_ warning: Instant?, _ unit: TimeUnit) -> Instant? {
        guard state.ruleset >= 2, unit == .workdays, let warning else { return warning }
        var date = warning.date
        for _ in 0 ..< 62 {
            guard let working = try? calendar.isWorkingDay(date).value else { return warning }
            if working { return date == warning.date ? warning : Instant.startOfDay(date) }
            date = date.adding(days: 1)
        }
        return warning
    }

    /// The last counted day's office hours, minus the warning.
    mutating func warning(due: Instant, workingMinutes minutes: Int) -> Instant {
        // The start of the day before `due` (Beijing time), without the
        // civil date: due instants are ends of days.
        let local = due.secondsSinceEpoch - 1 + Instant.utcOffsetSeconds
        let lastDay = Instant(secondsSinceEpoch: (local - ((local % 86_400) + 86_400) % 86_400) - Instant.utcOffsetSeconds)
        guard let hours = calendar.officeHours else { return lastDay }
        let offset = max(0, hours.minutesPerDay * 60 - minutes * 60)
        guard let at = try? calendar.addingWorkingSeconds(offset, to: lastDay).value, at < due else { return lastDay }
        return at
    }

    /// When a limit counted from `start` runs out (waits).
    mutating func clockDue(_ limit: TimeLimit, from start: Instant) throws(EngineError) -> Instant {
        try newClock(limit, warnBefore: nil, at: start).due
    }

    /// The kinds and token of a clock's timeout and warning timers.
    static func timerKinds(_ id: ClockID) -> (timeout: TimerKind, warning: TimerKind, token: Int?) {
        switch id {
        case .caseClock: return (.caseTimeout, .caseWarning, nil)
        case .step(let token): return (.stepTimeout, .stepWarning, token)
        }
    }

    /// Schedules a running clock's timeout, and its warning when still ahead.
    mutating func scheduleTimers(_ id: ClockID) {
        guard let times = runningTimes(id) else { return }
        scheduleTimers(id, due: times.due, warnAt: times.warnAt)
    }

    /// The same for a clock known to be running with these instants.
    mutating func scheduleTimers(_ id: ClockID, due: Instant?, warnAt: Instant?) {
        guard let due else { return }
        let timers = Self.timerKinds(id)
        // A clock that has already lapsed keeps its one timeout: it fired, or it
        // is still pending (pauses leave due timers alone). Never a second one.
        if due > now { schedule(timers.timeout, token: timers.token, at: due) }
        if let w = warnAt, w > now, w < due { schedule(timers.warning, token: timers.token, at: w) }
    }

    /// Cancels a clock's timers; `keepingDue` leaves those already due (a pause
    /// must not swallow a timeout that has fallen due but not fired yet).
    mutating func cancelTimers(_ id: ClockID, keepingDue: Bool = false) {
        let timers = Self.timerKinds(id)
        for kind in [timers.timeout, timers.warning] {
            let timer = Self.timerID(kind, timers.token)
            guard let i = state.pendingTimers.indices.first(where: { state.pendingTimers[$0].id == timer }) else { continue }
            if keepingDue && state.pendingTimers[i].at <= now { continue }
            cancelTimer(.engine(kind, timers.token))
        }
    }

    mutating func schedule(_ kind: TimerKind, token: Int?, at: Instant) {
        record(.timerScheduled(kind: kind, token: token, at: at))
    }

    mutating func cancelTimer(_ timer: TimerRef) {
        switch timer {
        case .engine(let kind, let token): record(.timerCancelled(kind: kind, token: token))
        case .id(let id): emit(.timerCancelled(id: texts[id]))
        }
    }

    /// Stops the case clock and the clocks of the steps active now.
    mutating func pauseClocks(reason: String) throws(EngineError) {
        guard state.caseClock?.isRunning == true else { return }
        let reason = text(reason)
        try changeClock(.caseClock, .paused(at: now, reason: reason))
        cancelTimers(.caseClock, keepingDue: true)
        try pauseStepClocks(reason: reason)
    }

    /// The running step clocks: those of the steps active now (with the case
    /// clock), or, the case clock stopped already, of steps entered since.
    mutating func pauseStepClocks(reason: TextRef) throws(EngineError) {
        for token in tokenIDs(where: { $0.clock?.isRunning == true }) {
            try changeClock(.step(token: token), .paused(at: now, reason: reason))
            cancelTimers(.step(token: token), keepingDue: true)
        }
    }

    /// Restarts every paused clock and schedules its timers at the new instants.
    mutating func resumeClocks() throws(EngineError) {
        if state.caseClock?.pausedFor != nil {
            try resume(.caseClock)
            scheduleTimers(.caseClock)
            warnIfInside(.caseClock)
        }
        for token in tokenIDs(where: { $0.clock?.pausedFor != nil }) {
            try resume(.step(token: token))
            scheduleTimers(.step(token: token))
            warnIfInside(.step(token: token))
        }
    }

    /// Rules 2: a clock resumed at midnight by a timer (a wait that ended
    /// the branch holding the pause) resumes at the end of the day before,
    /// so the day it resumes on counts, as for a step entered at midnight.
    mutating func resume(_ id: ClockID) throws(EngineError) {
        if state.ruleset >= 2, now.secondOfDay == 0, byTimer || state.ruleset < 8 {
            do {
                try changeClock(id, .resumed(at: now.adding(seconds: -1)))
                return
            } catch {
                // Paused at this same midnight: resume now.
            }
        }
        try changeClock(id, .resumed(at: now))
    }

    /// Rules 2: a clock resumed already inside its warning (paused while
    /// yellow) warns again now, with its new due date: its warning instant is
    /// behind it, so no timer would give it.
    mutating func warnIfInside(_ id: ClockID) {
        guard state.ruleset >= 2, let times = runningTimes(id), let due = times.due, let w = times.warnAt, w <= now, now < due else { return }
        let timers = Self.timerKinds(id)
        schedule(timers.warning, token: timers.token, at: now)
    }

    /// Refuses an extension of `amount` (in the case clock's unit) that the
    /// flow's `limits.extension` does not leave room for. Flows without one
    /// are not limited: their stored cases replay as they were taken.
    func checkExtensionAllowance(_ amount: Int) throws(EngineError) {
        guard let allowance = machine.limits.extensionAllowance else { return }
        if allowance.allowsNone { throw .extensionNotAllowed }
        let (used, count) = state.caseClock?.extensions ?? (0, 0)
        if let times = allowance.times, count >= times { throw .extensionsUsedUp(times: times) }
        let max = allowance.max.clockUnits
        guard used + amount <= max.amount else { throw .extensionExceeded(asked: TimeLimit(amount, max.unit), used: used, max: max) }
    }

    /// Lengthens the case limit (Art. 42), recording the approver, and
    /// moves the case timers to the new due instant.
    mutating func extendCaseClock(by amount: Int, approver: String, reason: String? = nil) throws(EngineError) {
        // Past the due the clock takes no extension (a decision's `extend:`,
        // or a command the legal-limit path of rules 8 did not take).
        if let due = state.caseClock?.due, now >= due { throw .clock(ClockError.extensionAfterDue(at: now, due: due).description) }
        try changeClock(.caseClock, .extended(at: now, by: amount, approver: text(approver)))
        emit(.extended(by: amount, approver: approver, reason: reason))
        cancelTimers(.caseClock)
        scheduleTimers(.caseClock)
    }
}

/// A pending timer as `cancelTimer` takes it: by kind and token when its id
/// is the one the engine gives them (always, for the engine's own timers),
/// else by its id in the side table. Plain data, so lists of them are
/// copied as bytes.
enum TimerRef {
    case engine(TimerKind, Int?)
    case id(TextRef)
}

/// A few timer references in plain slots (a token has a timeout and at most
/// a warning), more in an array: a generic short list was destroyed through
/// the runtime's witnesses for every token leaving.
struct TimerRefs {
    private(set) var count = 0
    private var first = TimerRef.id(0), second = TimerRef.id(0)
    private var rest: [TimerRef] = []

    mutating func append(_ timer: TimerRef) {
        switch count {
        case 0: first = timer
        case 1: second = timer
        default: rest.append(timer)
        }
        count += 1
    }

    subscript(i: Int) -> TimerRef { i == 0 ? first : i == 1 ? second : rest[i - 2] }
}
