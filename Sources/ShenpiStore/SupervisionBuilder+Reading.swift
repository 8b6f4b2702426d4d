import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// What the report reads off one case: where it waits, its log up to `at`,
/// its colour and thresholds, its phone.
extension SupervisionBuilder {
    /// The steps a case waits at, in the flow's order.
    static func waiting(_ state: CaseState, machine: Machine) -> [WaitingStep] {
        state.tokens.sorted { $0.node < $1.node }.compactMap { token in
            guard machine.nodes.indices.contains(token.node) else { return nil }
            let node = machine.nodes[token.node]
            if case .task(let task) = node.kind {
                return WaitingStep(step: node.id, role: task.role, awaitingApplicant: token.awaitingApplicant)
            }
            return WaitingStep(step: node.id)
        }
    }

    /// The case's events up to `at`, in order. The last case's are kept:
    /// the pass asks for one case's log in several places (a replay,
    /// 只受不理, late steps) before it moves on.
    /// A command that does not decode is `damagedLog`, and the case is
    /// remembered in `lastLog.damaged` for the report's `unreadable`.
    func events(_ id: String) throws -> [CaseEvent] {
        if let last = lastLog.value, last.id == id { return last.events }
        let events = try readEvents(id)
        lastLog.value = (id, events)
        return events
    }

    private func readEvents(_ id: String) throws -> [CaseEvent] {
        let bodies = try Data.fetchAll(db, sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [id])
        var result: [CaseEvent] = []
        for body in bodies {
            let decoded: [CaseEvent]
            do {
                decoded = try EventChain.decodeEvents(body)
            } catch {
                lastLog.damaged.insert(id)
                throw CaseEngineError.damagedLog(id)
            }
            for event in decoded {
                if event.at > at { return result }
                result.append(event)
            }
        }
        return result
    }

    /// The end of the N-th working day (or calendar day) after the day of
    /// `start`: when a case accepted then and left alone becomes 只受不理, or
    /// when a 差评 given then is due to be followed up.
    func end(of limit: TimeLimit, after start: Instant, calendar: WorkingCalendar?) -> Instant? {
        let n = limit.amount
        switch limit.unit {
        case .workdays:
            if let calendar, let d = try? calendar.addingWorkdays(n, to: start.date, beyond: .guessWeekendsOnly) {
                return .endOfDay(d.value)
            }
            // No calendar at all: Monday to Friday.
            var d = start.date, left = n
            while left > 0 {
                d = d.adding(days: 1)
                if !d.isWeekend { left -= 1 }
            }
            return .endOfDay(d)
        case .days:
            return .endOfDay(start.date.adding(days: n))
        case .hours:
            return start.adding(seconds: n * 3600)
        }
    }

    /// A received case not yet accepted whose step is past its limit at `t`:
    /// the office owes an answer (Art. 32). A step waiting for the applicant's
    /// materials has no clock running, so it is never listed; nor is one with
    /// an `on-timeout`, whose silence the law already counts as an answer
    /// (视为受理) — its timer has only not fired yet (the daemon was down, or
    /// the report reads a copy).
    static func unansweredIntake(_ state: CaseState, machine: Machine, at t: Instant, calendar: WorkingCalendar?) -> (Token, ClockRecord)? {
        guard state.acceptedAt == nil, state.status == .active else { return nil }
        for token in state.tokens {
            guard let clock = token.clock, clock.completedAt == nil, machine.tables.tasks[token.node]?.spec.onTimeout == nil else { continue }
            let colour = calendar.map { clock.colour(at: t, calendar: $0) } ?? clock.recordedColour(at: t)
            if colour == .red { return (token, clock) }
        }
        return nil
    }

    /// The case clock's colour at `t`; without its calendar, from the recorded instants.
    static func colour(_ state: CaseState, at t: Instant, calendar: WorkingCalendar?) -> ClockColour {
        if let calendar { return state.colour(at: t, calendar: calendar) }
        guard let record = state.caseClock else { return .normal }
        if state.isFinished { return state.onTime == false ? .red : .normal }
        if let due = record.due, t >= due { return .red }
        if let warn = record.warnAt, t >= warn { return .yellow }
        return .normal
    }

    mutating func calendar(_ id: String) -> WorkingCalendar? {
        if let cached = calendarCache[id] { return cached }
        let found = try? calendars.calendar(id)
        calendarCache[id] = .some(found)
        return found
    }

    /// When the officers had the case to act on: its acceptance, or for a
    /// deemed one (dated back to the receipt, Art. 32) the moment the timer
    /// moved it on to them. Entered at midnight, that day counts, as the
    /// step clocks count it. Counting from the receipt gave a threshold that
    /// ran out before the acceptance happened.
    static func handedOver(_ state: CaseState, acceptedAt: Instant) -> Instant {
        guard state.deemedAccepted, let entered = state.tokens.map(\.enteredAt).min(), entered > acceptedAt else { return acceptedAt }
        return entered == Instant.startOfDay(entered.date) ? Instant(secondsSinceEpoch: entered.secondsSinceEpoch - 1) : entered
    }

    func phone(_ state: CaseState, _ machine: Machine?) -> String? {
        guard let field = machine?.fields.first(where: { $0.type == "phone" }), case .string(let s)? = state.fields[field.id] else {
            return nil
        }
        return s
    }

    /// When a running case accepted at `acceptedAt` became 只受不理 by `at`:
    /// the threshold ran out and no officer acted after acceptance. A flow
    /// whose own calendar is not given counts on the national one. The row's
    /// `case_acted` row says whether anyone acted; the log only when it does not know.
    mutating func untouchedSince(_ c: ReportedCase, acceptedAt: Instant) throws -> Instant? {
        guard let end = end(of: options.untouchedAfter, after: Self.handedOver(c.state, acceptedAt: acceptedAt),
                            calendar: c.calendar ?? self.calendar("cn")), at >= end
        else { return nil }
        let acted = try CaseActed.acted(c.actedAt, by: at) ?? (CaseActed.firstAction(in: events(c.id), acceptedBefore: false) != nil)
        return acted ? nil : end
    }
}

/// What the report reads off a case's log, read before any figure of the
/// case is counted (`logFigures`).
struct LogFigures {
    /// The case's callback day with the case counted in it, when it finished in the period.
    var callbackDay: CallbackDay?
    /// The case's callback, when it was reached and dissatisfied.
    var dissatisfied: CallbackEntry?
    /// A case finished before the period whose applicant a callback found
    /// dissatisfied (not rated 差评: the 差评 lists have those): open at `at`,
    /// or closed by a follow-up in the period.
    var earlierCallback: CallbackEntry?
    var earlier: EarlierRunningCase?
    var late: [LateStep] = []
    /// When the cohort case became 只受不理, if it did.
    var untouchedSince: Instant?
    /// Its special procedures past their expected time, still stopping the clock.
    var longProcedures: [LongProcedure] = []
}

extension SupervisionBuilder {
    /// Every figure of `c` that needs its log; `damagedLog` when the log does
    /// not decode, before anything of the case was counted. The logs later
    /// passes read (a 差评's follow-up, the callback sample's calls) are read
    /// here too, so a damaged one leaves the case out of those as well.
    mutating func logFigures(_ c: ReportedCase, createdAt: Instant, updatedAt: Instant, cohort: Bool,
                    callbackDays: [CivilDate: CallbackDay]) throws -> LogFigures {
        let state = c.state
        var out = LogFigures()
        if c.parent == nil, let finishedAt = state.finishedAt, options.contains(finishedAt.date) {
            var d = callbackDays[finishedAt.date] ?? CallbackDay(day: finishedAt.date)
            out.dissatisfied = try countCallback(c.id, workflow: c.workflow, state, finishedAt: finishedAt, machine: c.machine, into: &d)
            out.callbackDay = d
        }
        // Open (the latest call since the last follow-up found the applicant
        // dissatisfied), or followed up: a few a day, read from their logs.
        if c.parent == nil, let from = options.from, let finishedAt = state.finishedAt, finishedAt.date < from,
           state.callback == .dissatisfied || state.followUp != nil, !(state.rating?.isNegative ?? false) {
            out.earlierCallback = try earlierCallback(c, finishedAt: finishedAt)
        }
        if state.rating.map({ $0.level <= 2 }) == true || c.parent == nil && state.finishedAt?.date == day { _ = try events(c.id) }
        out.earlier = try earlierRunning(c)
        out.late = try lateSteps(c, createdAt: createdAt, updatedAt: updatedAt)
        out.longProcedures = try longProcedures(c)
        if cohort, !state.isFinished, let acceptedAt = state.acceptedAt {
            out.untouchedSince = try untouchedSince(c, acceptedAt: acceptedAt)
        }
        return out
    }
}

/// The log `events(_:)` read last, and the cases whose log did not decode;
/// a box, so that reading stays non-mutating.
final class LastLog {
    var value: (id: String, events: [CaseEvent])?
    var damaged: Set<String> = []
}
