import ShenpiCalendar
import ShenpiEngine

/// A case past its legal limit (法定时限, 违法超期): unlawfully late, where
/// the red list says only "past the center's promise"; or one still in
/// time, within the flow's `warn-before` of it (临近法定时限), the last
/// chance to act. Reckoned from the case clock's own entries against
/// `limits.legal` (`LegalLimitReading`).
public struct LegalLapse: Sendable, Hashable {
    public var caseID: String
    public var parent: String? = nil
    public var workflow: String
    public var department: String
    public var acceptedAt: Instant
    /// The legal limit as the flow writes it, and what extensions added (0 for none).
    public var limit: TimeLimit
    public var extended = 0
    public var due: Instant?
    /// When the legal limit turned yellow (`nearLegalLimit` only).
    public var warnAt: Instant? = nil
    /// Finished (completed or withdrawn) by `at`; `nil` while running then.
    public var finishedAt: Instant?
    public var withdrawn = false
    /// Counted past the calendar's data (next year's 调休 unpublished): the due.
    public var provisional = false
    /// `pastBy` counted past the calendar's data: the day judged lies beyond it.
    public var pastByProvisional = false
    public var waitingAt: [WaitingStep] = []
    /// How far past the legal due it was finished, or is at `at`: working
    /// (or calendar) days after its last day up to the day judged, or working
    /// time for a limit in hours. Time stopped after it ran out counts: a
    /// stop does not make the delay lawful.
    public var pastBy: ClockAmount? = nil
    /// Why a case not finished is stopped at `at` (a special procedure, a
    /// flow's pause): one past its limit that nobody can move says so.
    public var stoppedFor: String? = nil
}

extension SupervisionBuilder {
    /// A case whose legal limit ran out by the end of the period and that was
    /// not finished before it began, whenever accepted: finished past it (in
    /// the period or since), or not finished at `at`. A standing unlawful
    /// delay stays on every report until the case is finished, and a report
    /// run again later lists the same cases.
    func legalLapse(_ c: ReportedCase) -> LegalLapse? {
        if let finishedAt = c.state.finishedAt, let from = options.from, finishedAt.date < from { return nil }
        guard let machine = c.machine, let calendar = c.calendar, let acceptedAt = c.state.acceptedAt,
              let legal = c.state.legalLimit(machine, calendar: calendar, at: at), legal.overdue
        else { return nil }
        // As 逾期未受理: one that ran out after the period belongs to a later report.
        if let to = options.to, let due = legal.due, due > Instant.endOfDay(to) { return nil }
        let past = legal.due.flatMap { Self.pastBy($0, c.state.finishedAt ?? at, legal.limit.unit, calendar) }
        return LegalLapse(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, acceptedAt: acceptedAt,
                          limit: legal.limit, extended: legal.extended, due: legal.due, finishedAt: c.state.finishedAt, withdrawn: c.withdrawn,
                          provisional: legal.provisional,
                          pastByProvisional: past?.isProvisional ?? false,
                          waitingAt: c.state.isFinished ? [] : c.waitingAt,
                          pastBy: past?.value,
                          stoppedFor: c.state.isFinished ? nil : c.state.specialProcedure ?? c.state.flowPause)
    }

    /// How far past `due` at `judged`, and whether that count rests on a
    /// guess past the calendar's data (the day judged in an unpublished year).
    static func pastBy(_ due: Instant, _ judged: Instant, _ unit: TimeUnit, _ calendar: WorkingCalendar) -> Reckoned<ClockAmount>? {
        guard judged >= due else { return nil }
        // `due` is the end of the last counted day: the day before its date.
        let last = due.date.adding(days: -1)
        switch unit {
        case .days: return Reckoned(ClockAmount(unit: .days, value: judged.date.daysSinceEpoch - last.daysSinceEpoch), isProvisional: false)
        case .workdays:
            return (try? calendar.workdays(from: last, to: judged.date, beyond: .guessWeekendsOnly))
                .map { Reckoned(ClockAmount(unit: .workdays, value: $0.value), isProvisional: $0.isProvisional) }
        case .hours:
            return (try? calendar.workingSeconds(from: due, to: judged, beyond: .guessWeekendsOnly))
                .map { Reckoned(ClockAmount(unit: .hours, value: $0.value), isProvisional: $0.isProvisional) }
        }
    }

    /// A running case within the flow's `warn-before` of its legal limit at
    /// `at` (yellow), whenever accepted, once that began by the end of the
    /// period. A stopped one (no due, no warning instant) is not in danger
    /// while it stays stopped.
    func nearLegalLimit(_ c: ReportedCase) -> LegalLapse? {
        guard !c.state.isFinished, let machine = c.machine, let calendar = c.calendar, let acceptedAt = c.state.acceptedAt,
              let legal = c.state.legalLimit(machine, calendar: calendar, at: at), legal.level == .warning, let warnAt = legal.warnAt
        else { return nil }
        if let to = options.to, warnAt >= Instant.endOfDay(to) { return nil }
        return LegalLapse(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, acceptedAt: acceptedAt,
                          limit: legal.limit, extended: legal.extended, due: legal.due, warnAt: legal.warnAt,
                          provisional: legal.provisional, waitingAt: c.waitingAt)
    }
}

extension SupervisionReport {
    func pastLegalLimitText(_ t: (Instant?) -> String, _ d: (Instant?) -> String) -> [String] {
        let running = pastLegalLimit.count { $0.finishedAt == nil }
        var out = ["超过法定时限（违法超期，不限受理时间）：\(pastLegalLimit.count) 件（已办结或撤回 \(pastLegalLimit.count - running)，统计时点仍在办 \(running)）"]
        for c in pastLegalLimit {
            let end = c.finishedAt.map { c.withdrawn ? "已撤回 \(t($0))" : "已办结 \(t($0))" }
                ?? Self.running(c.waitingAt) + (c.stoppedFor.map { "（停表中：\($0)）" } ?? "")
            let extended = c.extended > 0 ? "（延长 \(Self.limitWords(TimeLimit(c.extended, c.limit.unit)))）" : ""
            out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  受理 \(t(c.acceptedAt))  法定时限 \(Self.limitWords(c.limit))\(extended) 至 \(d(c.due))"
                       + (c.provisional ? "（按周末推算）" : "")
                       + (c.pastBy.map { "  超期 \(Self.amountWords($0))" + (c.pastByProvisional ? "（按周末推算）" : "") } ?? "") + "  " + end)
        }
        return out
    }

    func nearLegalLimitText(_ t: (Instant?) -> String, _ d: (Instant?) -> String, _ s: (Instant?) -> String) -> [String] {
        var out = ["临近法定时限（法定时限预警）：\(nearLegalLimit.count) 件"]
        for c in nearLegalLimit {
            let extended = c.extended > 0 ? "（延长 \(Self.limitWords(TimeLimit(c.extended, c.limit.unit)))）" : ""
            out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  受理 \(t(c.acceptedAt))  法定时限 \(Self.limitWords(c.limit))\(extended) 至 \(d(c.due))"
                       + (c.provisional ? "（按周末推算）" : "") + "  预警 \(s(c.warnAt)) 起  " + Self.running(c.waitingAt))
        }
        return out
    }

    /// `20 个工作日`, `30 日` (as the law and the service guide write a limit), `4 小时`.
    static func limitWords(_ limit: TimeLimit) -> String { "\(limit.amount) \(unitWords(limit))" }

    /// `3 个工作日`, `2 天`, `1 小时 30 分钟`（工作时间）.
    static func amountWords(_ a: ClockAmount) -> String {
        guard a.unit == .hours else { return "\(a.value) \(unitWords(TimeLimit(a.value, a.unit)))" }
        let minutes = a.value / 60
        return minutes % 60 == 0 ? "\(minutes / 60) 个工作小时" : "\(minutes / 60) 小时 \(minutes % 60) 分钟（工作时间）"
    }

    static func json(_ c: LegalLapse) -> ReportJSON {
        .object(["case": .string(c.caseID), "parent": .optional(c.parent), "workflow": .string(c.workflow), "department": .string(c.department),
                 "acceptedAt": .instant(c.acceptedAt), "limit": .string(c.limit.description),
                 "extended": c.extended > 0 ? .string(TimeLimit(c.extended, c.limit.unit).description) : .null, "due": .instant(c.due), "finishedAt": .instant(c.finishedAt),
                 "withdrawn": .bool(c.withdrawn), "provisional": .bool(c.provisional), "pastByProvisional": .bool(c.pastByProvisional),
                 "waitingAt": json(c.waitingAt),
                 "pastBy": .optional(c.pastBy?.description), "stoppedFor": .optional(c.stoppedFor)])
    }

    static func near(_ c: LegalLapse) -> ReportJSON {
        .object(["case": .string(c.caseID), "parent": .optional(c.parent), "workflow": .string(c.workflow), "department": .string(c.department),
                 "acceptedAt": .instant(c.acceptedAt), "limit": .string(c.limit.description),
                 "extended": c.extended > 0 ? .string(TimeLimit(c.extended, c.limit.unit).description) : .null, "due": .instant(c.due),
                 "warnAt": .instant(c.warnAt), "provisional": .bool(c.provisional), "waitingAt": json(c.waitingAt)])
    }
}
