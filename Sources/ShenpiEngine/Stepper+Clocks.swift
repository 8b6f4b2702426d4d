import ShenpiCalendar
import ShenpiMachine

/// Clocks and their timers. Every change to a clock recomputes its due and
/// warning instants on the calendar and reschedules its timers: cancel, then
/// schedule at the new instants (the pitfall of paused cases that never warn).
extension Stepper {
    static let caseTimeout = "case-timeout"
    static let caseWarning = "case-warning"

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

    /// The case clock runs on the promised limit when there is one, else the legal limit.
    mutating func startCaseClock(at start: Instant) throws(EngineError) {
        guard let limit = machine.limits.promised ?? machine.limits.legal else { return }
        let record = try newClock(limit.timeLimit, warnBefore: machine.limits.warnBefore?.warning(before: limit.timeLimit), at: start)
        emit(.clockStarted(.caseClock, record))
        scheduleTimers(.caseClock)
    }

    /// Starts the step clock of a token whose task has a limit.
    mutating func startStepClock(_ token: Int) throws(EngineError) {
        guard let i = state.tokenIndex(token), let clock = machine.taskClocks[state.tokens[i].node] else { return }
        let limit = clock.limit
        let record = try newClock(limit.timeLimit, warnBefore: clock.warnBefore?.warning(before: limit.timeLimit), at: now)
        emit(.clockStarted(.step(token: token), record))
        scheduleTimers(.step(token: token))
    }

    /// A clock with only its start: its instants are those rebuilding it
    /// (`rebuild`, then `warning(of:)`) would give, read from the calendar
    /// without building the `LegalClock` (`LegalClock.dueOfNewClock`).
    func newClock(_ limit: TimeLimit, warnBefore: WarnBefore?, at start: Instant) throws(EngineError) -> ClockRecord {
        let due: Instant
        do {
            due = try LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: calendar)
        } catch {
            throw .clock(error.description)
        }
        var warnAt: Instant?
        switch warnBefore {
        case nil:
            warnAt = nil
        case .units(let n):
            warnAt = (try? LegalClock.warningOfNewClock(limit: limit, startingAt: start, calendar: calendar,
                                                        warning: .before(n), at: max(now, start))) ?? nil
        case .workingMinutes(let minutes):
            warnAt = warning(due: due, workingMinutes: minutes)
        }
        return ClockRecord(limit: limit, warnBefore: warnBefore, start: start, due: due, warnAt: warnAt)
    }

    /// Records `entry` on a clock with its recomputed instants; returns the clock.
    @discardableResult
    mutating func changeClock(_ id: ClockID, _ entry: ClockEntry) throws(EngineError) -> LegalClock {
        guard var record = clock(id) else { throw .notAccepted }
        record.entries.append(entry)
        let legal = try rebuild(record)
        emit(.clockChanged(id, entry, due: legal.due, warnAt: try warning(of: legal, record.warnBefore)))
        return legal
    }

    func clock(_ id: ClockID) -> ClockRecord? {
        switch id {
        case .caseClock: return state.caseClock
        case .step(let token): return state.tokenIndex(token).flatMap { state.tokens[$0].clock }
        }
    }

    /// A running clock's due and warning instants, read in place (copying
    /// the record would copy its entries); `nil` when it is not running.
    func runningTimes(_ id: ClockID) -> (due: Instant?, warnAt: Instant?)? {
        switch id {
        case .caseClock:
            guard state.caseClock?.isRunning == true else { return nil }
            return (state.caseClock?.due, state.caseClock?.warnAt)
        case .step(let token):
            guard let i = state.tokenIndex(token) else { return nil }
            return state.readToken(i) { $0.clock?.isRunning == true ? ($0.clock?.due, $0.clock?.warnAt) : nil }
        }
    }

    func rebuild(_ record: ClockRecord) throws(EngineError) -> LegalClock {
        do {
            return try record.legalClock(on: calendar)
        } catch {
            throw .clock(error.description)
        }
    }

    /// When a running clock turns yellow, if it has a warning.
    func warning(of legal: LegalClock, _ warnBefore: WarnBefore?) throws(EngineError) -> Instant? {
        guard legal.isRunning, let due = legal.due, let warnBefore else { return nil }
        switch warnBefore {
        case .units:
            let at = max(now, legal.history.last?.instant ?? now)
            return (try? legal.reading(at: at))?.warningFrom
        case .workingMinutes(let minutes):
            return warning(due: due, workingMinutes: minutes)
        }
    }

    /// The last counted day's office hours, minus the warning.
    func warning(due: Instant, workingMinutes minutes: Int) -> Instant {
        let lastDay = Instant.startOfDay(due.adding(seconds: -1).date)
        guard let hours = calendar.officeHours else { return lastDay }
        let offset = max(0, hours.minutesPerDay * 60 - minutes * 60)
        guard let at = try? calendar.addingWorkingSeconds(offset, to: lastDay).value, at < due else { return lastDay }
        return at
    }

    /// When a limit counted from `start` runs out (waits).
    func clockDue(_ limit: TimeLimit, from start: Instant) throws(EngineError) -> Instant {
        let record = try newClock(limit, warnBefore: nil, at: start)
        return record.due ?? start
    }

    func timerIDs(_ id: ClockID) -> (timeout: String, warning: String) {
        switch id {
        case .caseClock: return (Self.caseTimeout, Self.caseWarning)
        case .step(let token): return (Self.timeoutID(token), Self.warningID(token))
        }
    }

    /// Schedules a running clock's timeout, and its warning when still ahead.
    mutating func scheduleTimers(_ id: ClockID) {
        guard let times = runningTimes(id), let due = times.due else { return }
        let ids = timerIDs(id)
        let token: Int? = if case .step(let t) = id { t } else { nil }
        let kinds: (TimerKind, TimerKind) = token == nil ? (.caseTimeout, .caseWarning) : (.stepTimeout, .stepWarning)
        // A clock that has already lapsed keeps its one timeout: it fired, or it
        // is still pending (pauses leave due timers alone). Never a second one.
        if due > now {
            schedule(PendingTimer(id: ids.timeout, at: due, kind: kinds.0, token: token))
        }
        if let w = times.warnAt, w > now, w < due {
            schedule(PendingTimer(id: ids.warning, at: w, kind: kinds.1, token: token))
        }
    }

    /// Cancels a clock's timers; `keepingDue` leaves those already due (a pause
    /// must not swallow a timeout that has fallen due but not fired yet).
    mutating func cancelTimers(_ id: ClockID, keepingDue: Bool = false) {
        let ids = timerIDs(id)
        for timer in [ids.timeout, ids.warning] {
            guard let i = state.pendingTimers.indices.first(where: { state.pendingTimers[$0].id == timer }) else { continue }
            if keepingDue && state.pendingTimers[i].at <= now { continue }
            cancelTimer(timer)
        }
    }

    mutating func schedule(_ timer: PendingTimer) {
        emit(.timerScheduled(timer))
    }

    mutating func cancelTimer(_ id: String) {
        emit(.timerCancelled(id: id))
    }

    /// Stops the case clock and the clocks of the steps active now.
    mutating func pauseClocks(reason: String) throws(EngineError) {
        guard state.caseClock?.isRunning == true else { return }
        try changeClock(.caseClock, .paused(at: now, reason: reason))
        cancelTimers(.caseClock, keepingDue: true)
        for token in tokenIDs(where: { $0.clock?.isRunning == true }) {
            try changeClock(.step(token: token), .paused(at: now, reason: reason))
            cancelTimers(.step(token: token), keepingDue: true)
        }
    }

    /// Restarts every paused clock and schedules its timers at the new instants.
    mutating func resumeClocks() throws(EngineError) {
        if state.caseClock?.pausedFor != nil {
            try changeClock(.caseClock, .resumed(at: now))
            scheduleTimers(.caseClock)
        }
        for token in tokenIDs(where: { $0.clock?.pausedFor != nil }) {
            try changeClock(.step(token: token), .resumed(at: now))
            scheduleTimers(.step(token: token))
        }
    }

    /// Lengthens the case limit (Art. 42), recording the approver, and
    /// moves the case timers to the new due instant.
    mutating func extendCaseClock(by amount: Int, approver: String) throws(EngineError) {
        try changeClock(.caseClock, .extended(at: now, by: amount, approver: approver))
        emit(.extended(by: amount, approver: approver))
        cancelTimers(.caseClock)
        scheduleTimers(.caseClock)
    }
}
