import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// 回访 over the period, one day at a time: whether each day's applicants
/// were called back as the center requires (at least one in ten), whatever
/// sample the callers drew. The day's own sample (`CallbackSample`) lists
/// whom to call; this counts what came of it.
public struct CallbackDay: Sendable, Hashable {
    public var day: CivilDate
    /// Applicants served that day: top-level cases finished on it.
    public var served = 0
    /// Of them, those whose case has no phone number.
    public var withoutPhone = 0
    /// Of them, by `at`, by the latest callback of the day's round (`dayRound`):
    /// reached (satisfied or not), of which dissatisfied; tried and not reached yet.
    public var reached = 0
    public var dissatisfied = 0
    public var unreachable = 0

    public init(day: CivilDate) { self.day = day }

    /// ⌈served / 10⌉, as the day's sample.
    public var required: Int { CallbackSampling.sampleSize(served) }
    /// Fewer reached than required (or than can be called, when fewer have a phone).
    public var isShort: Bool { reached < min(required, served - withoutPhone) }
}

extension SupervisionBuilder {
    /// Counts one finished top-level case on the day it finished; returns
    /// its callback when the applicant was reached and dissatisfied, so that
    /// what they said is listed whatever sample it came from.
    mutating func countCallback(_ id: String, workflow: String, _ state: CaseState, finishedAt: Instant, machine: Machine?,
                       into day: inout CallbackDay) throws -> CallbackEntry? {
        var entry = CallbackEntry(caseID: id, workflow: workflow, outcome: state.outcome ?? "", finishedAt: finishedAt, phone: phone(state, machine))
        entry.outcomeTitle = machine?.outcomes.first { $0.id == state.outcome }?.title
        day.served += 1
        if entry.phone == nil { day.withoutPhone += 1 }
        // Without a 差评 follow-up the state's callback is the day's round's
        // result; after one (which starts a new round and clears it), or to
        // quote a dissatisfied applicant, the log is read.
        if state.followUp == nil && state.callback != .dissatisfied {
            entry.callback = state.callback
        } else {
            try readDayRound(into: &entry)
        }
        if entry.callback == .dissatisfied, state.rating?.isNegative ?? false {
            entry.negativeRating = true
        } else if entry.callback == .dissatisfied {
            try readFollowUp(into: &entry)
            let calendar = machine.flatMap { self.calendar($0.calendar) } ?? self.calendar("cn")
            entry.followUpDue = entry.calledBackAt.flatMap { end(of: options.followUpWithin, after: $0, calendar: calendar) }
        }
        switch entry.callback {
        case .satisfied: day.reached += 1
        case .dissatisfied:
            day.reached += 1
            day.dissatisfied += 1
        case .unreachable: day.unreachable += 1
        case nil: break
        }
        return entry.callback == .dissatisfied ? entry : nil
    }

    /// The latest attempt of the case's day round (`dayRound`), by `at`:
    /// result, when, by whom, what was said; and how many attempts.
    func readDayRound(into entry: inout CallbackEntry) throws {
        for event in Self.dayRound(try events(entry.caseID)) {
            guard case .calledBack(let c) = event.fact else { continue }
            (entry.callback, entry.calledBackAt, entry.calledBackBy, entry.callbackComment) = (c.result, event.at, event.actor, c.comment)
            entry.attempts += 1
        }
    }

    /// The case's dissatisfied calls: the period's applicant's, counted for
    /// its department and flow unless it is a 差评's; an earlier one, open at
    /// `at` or closed in the period.
    func countCalls(_ read: LogFigures, department: String, workflow: String, into report: inout SupervisionReport,
                    _ departments: inout [String: Breakdown], _ workflows: inout [String: Breakdown]) {
        if let said = read.dissatisfied {
            report.dissatisfiedCallbacks.append(said)
            if !said.negativeRating {
                let late = said.followUpLate(at: at) ? 1 : 0
                departments[department, default: Breakdown(key: department)].dissatisfied += 1
                workflows[workflow, default: Breakdown(key: workflow)].dissatisfied += 1
                departments[department, default: Breakdown(key: department)].dissatisfiedOverdue += late
                workflows[workflow, default: Breakdown(key: workflow)].dissatisfiedOverdue += late
            }
        }
        if let e = read.earlierCallback {
            if e.isOpen {
                report.earlierOpenCallbacks.append(e)
            } else if let done = e.followedUpAt, options.contains(done.date) {
                report.earlierClosedCallbacks.append(e)
            }
        }
    }

    /// A dissatisfied call about a case finished before the period, as the
    /// period's own are read: the day round's call, its follow-ups and the
    /// call after them, with the limit of the first call (a reopened one is
    /// judged by its first follow-up). The state's `callback` says whether it
    /// is open; the log, whether it was closed in the period.
    mutating func earlierCallback(_ c: ReportedCase, finishedAt: Instant) throws -> CallbackEntry? {
        var entry = CallbackEntry(caseID: c.id, workflow: c.workflow, outcome: c.state.outcome ?? "", finishedAt: finishedAt,
                                  phone: phone(c.state, c.machine))
        entry.outcomeTitle = c.machine?.outcomes.first { $0.id == c.state.outcome }?.title
        try readDayRound(into: &entry)
        guard entry.callback == .dissatisfied else { return nil }
        try readFollowUp(into: &entry)
        let calendar = c.machine.flatMap { self.calendar($0.calendar) } ?? self.calendar("cn")
        entry.followUpDue = entry.calledBackAt.flatMap { end(of: options.followUpWithin, after: $0, calendar: calendar) }
        return entry
    }

    /// What came of the dissatisfied call `entry` holds, from the case's log
    /// by `at`: the follow-ups after it, and the call after the latest.
    func readFollowUp(into entry: inout CallbackEntry) throws {
        let log = try events(entry.caseID)
        guard let call = Self.dayRound(log).last, let i = log.lastIndex(of: call) else { return }
        for event in log[(i + 1)...] {
            switch event.fact {
            case .followedUp(let u):
                (entry.followUp, entry.followedUpAt, entry.followedUpBy, entry.followUpComment) = (u.result, event.at, event.actor, u.comment)
                if entry.firstFollowedUpAt == nil { entry.firstFollowedUpAt = event.at }
                entry.followUpCount += 1
                (entry.callbackAfter, entry.calledBackAfterAt, entry.calledBackAfterBy, entry.callbackAfterComment) = (nil, nil, nil, nil)
            case .calledBack(let c) where entry.followUp != nil:
                (entry.callbackAfter, entry.calledBackAfterAt, entry.calledBackAfterBy, entry.callbackAfterComment) = (c.result, event.at, event.actor, c.comment)
            default: continue
            }
        }
    }

    /// The callbacks that answer for the day the case finished: those before
    /// its first follow-up (of a 差评 or a dissatisfied call); or, when the follow-up came before anyone
    /// called, those of the round after it (the applicant was called back
    /// then, and may not be called twice).
    static func dayRound(_ events: [CaseEvent]) -> [CaseEvent] {
        var rounds: [[CaseEvent]] = [[]]
        for event in events {
            switch event.fact {
            case .followedUp:
                if rounds.count == 2 { return rounds[1] }
                if !rounds[0].isEmpty { return rounds[0] }
                rounds.append([])
            case .calledBack: rounds[rounds.count - 1].append(event)
            default: break
            }
        }
        return rounds[0].isEmpty ? rounds.last ?? [] : rounds[0]
    }
}

/// The period's 回访 days together.
public struct CallbackTotals: Sendable, Hashable {
    public var served = 0
    public var withoutPhone = 0
    /// The days' ⌈n / 10⌉ summed (not ⌈total / 10⌉).
    public var required = 0
    public var reached = 0
    public var dissatisfied = 0
    public var unreachable = 0
    public var shortDays = 0
}

extension SupervisionReport {
    public var callbackTotals: CallbackTotals {
        var total = CallbackTotals()
        for d in callbackDays {
            total.served += d.served
            total.withoutPhone += d.withoutPhone
            total.required += d.required
            total.reached += d.reached
            total.dissatisfied += d.dissatisfied
            total.unreachable += d.unreachable
            if d.isShort { total.shortDays += 1 }
        }
        return total
    }

    func callbackDaysText() -> [String] {
        let t = callbackTotals
        var out = ["回访（统计期内逐日，每日不少于当日办毕人数的 10%；办毕含办结、不予受理、撤回）：办毕 \(t.served) 人" + (t.withoutPhone > 0 ? "（无联系电话 \(t.withoutPhone) 人）" : "")
                   + "，应回访 \(t.required) 人，已回访 \(t.reached) 人（不满意 \(t.dissatisfied)），未接通 \(t.unreachable) 人；未达标 \(t.shortDays) 天"]
        for d in callbackDays where d.isShort {
            out.append("  \(d.day)  办毕 \(d.served) 人  应回访 \(d.required) 人  已回访 \(d.reached) 人（不满意 \(d.dissatisfied)）  未接通 \(d.unreachable) 人"
                       + (d.withoutPhone > 0 ? "  无联系电话 \(d.withoutPhone) 人" : ""))
        }
        let within = "\(followUpWithin.amount) \(SupervisionReport.unitWords(followUpWithin))"
        if !dissatisfiedCallbacks.isEmpty {
            let own = dissatisfiedCallbacks.filter { !$0.negativeRating }
            let open = own.filter(\.isOpen).count
            let late = own.filter { $0.followUpLate(at: at) }.count
            let rated = dissatisfiedCallbacks.count - own.count
            out.append("  回访不满意 \(dissatisfiedCallbacks.count) 人（回访后 \(within)内整改反馈）：已反馈 \(own.count - open) 人，待反馈 \(open) 人，"
                       + "超时 \(late) 人（含超时反馈）" + (rated > 0 ? "；已评差评 \(rated) 人，见差评整改反馈" : ""))
        }
        for e in dissatisfiedCallbacks { out.append(dissatisfiedLine(e)) }
        if from != nil {
            let late = earlierOpenCallbacks.filter { $0.followUpLate(at: at) }.count
            out.append("  统计期前办结、回访不满意仍待整改反馈：\(earlierOpenCallbacks.count) 人（超时 \(late) 人）")
            for e in earlierOpenCallbacks { out.append(dissatisfiedLine(e)) }
            out.append("  统计期前办结、回访不满意本期整改反馈：\(earlierClosedCallbacks.count) 人")
            for e in earlierClosedCallbacks { out.append(dissatisfiedLine(e)) }
        }
        return out
    }

    /// One dissatisfied applicant: the case, the call and what came of it.
    func dissatisfiedLine(_ e: CallbackEntry) -> String {
        "    \(e.caseID)  \(e.workflow)  \(e.outcomeTitle ?? e.outcome)  办毕 \(e.finishedAt.shortDescription)  回访 \(e.calledBackAt?.shortDescription ?? "—")"
            + (e.calledBackBy.map { "（\($0)）" } ?? "") + (e.callbackComment.map { "：“\(TemplateRenderer.oneLine($0))”" } ?? "")
            + (e.negativeRating ? "" : "  反馈时限 \(e.followUpDue?.deadlineDescription ?? "—")") + "  " + followUpText(e)
    }

    /// `已整改并反馈 <at>（<by>）：“…”`, `，超时` when late; else `待整改反馈` or
    /// `逾期未整改反馈`; then the call after it, as a 差评's line has it.
    func followUpText(_ e: CallbackEntry) -> String {
        if e.negativeRating { return "见差评整改反馈" }
        guard let result = e.followUp else { return e.followUpLate(at: at) ? "逾期未整改反馈" : "待整改反馈" }
        var text = "\(result.title) \(e.followedUpAt?.shortDescription ?? "—")" + (e.followedUpBy.map { "（\($0)）" } ?? "")
            + (e.followUpCount > 1 ? "，第 \(e.followUpCount) 次（前次回访不满意）" : "") + (e.followUpLate(at: at) ? "，超时" : "")
            + (e.followUpComment.map { "：“\(TemplateRenderer.oneLine($0))”" } ?? "")
        if let after = e.callbackAfter {
            text += "；回访\(after.title) \(e.calledBackAfterAt?.shortDescription ?? "—")" + (e.calledBackAfterBy.map { "（\($0)）" } ?? "")
            if after == .dissatisfied, let said = e.callbackAfterComment { text += "：“\(TemplateRenderer.oneLine(said))”" }
            if e.reopened { text += "，待再次整改反馈" }
        }
        return text
    }

    var callbackTotalsJSON: ReportJSON {
        let t = callbackTotals
        return .object(["served": .int(t.served), "withoutPhone": .int(t.withoutPhone), "required": .int(t.required),
                        "reached": .int(t.reached), "dissatisfied": .int(t.dissatisfied), "unreachable": .int(t.unreachable),
                        "shortDays": .int(t.shortDays)])
    }

    static func json(_ d: CallbackDay) -> ReportJSON {
        .object(["day": .string(d.day.description), "served": .int(d.served), "withoutPhone": .int(d.withoutPhone),
                 "required": .int(d.required), "reached": .int(d.reached), "dissatisfied": .int(d.dissatisfied),
                 "unreachable": .int(d.unreachable), "short": .bool(d.isShort)])
    }
}
