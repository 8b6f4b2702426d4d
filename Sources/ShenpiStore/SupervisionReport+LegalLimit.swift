import ShenpiCalendar
import ShenpiEngine

/// A case past its legal limit (法定时限, 违法超期): unlawfully late, where
/// the red list says only "past the center's promise". Reckoned from the
/// case clock's own entries against `limits.legal` (`LegalLimitReading`).
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
    /// Finished (completed or withdrawn) in the period; `nil` while running at `at`.
    public var finishedAt: Instant?
    public var withdrawn = false
    /// Counted past the calendar's data (next year's 调休 unpublished).
    public var provisional = false
    public var waitingAt: [WaitingStep] = []
}

extension SupervisionBuilder {
    /// A case whose legal limit ran out: finished in the period past it,
    /// or not finished at `at` though it ran out by the end of the period,
    /// whenever accepted (a standing unlawful delay stays on every report
    /// until the case is finished).
    func legalLapse(_ c: ReportedCase) -> LegalLapse? {
        if let finishedAt = c.state.finishedAt, !options.contains(finishedAt.date) { return nil }
        guard let machine = c.machine, let calendar = c.calendar, let acceptedAt = c.state.acceptedAt,
              let legal = c.state.legalLimit(machine, calendar: calendar, at: at), legal.overdue
        else { return nil }
        // As 逾期未受理: one that ran out after the period belongs to a later report.
        if c.state.finishedAt == nil, let to = options.to, let due = legal.due, due > Instant.endOfDay(to) { return nil }
        return LegalLapse(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, acceptedAt: acceptedAt,
                          limit: legal.limit, extended: legal.extended, due: legal.due, finishedAt: c.state.finishedAt, withdrawn: c.withdrawn,
                          provisional: legal.provisional, waitingAt: c.state.isFinished ? [] : c.waitingAt)
    }
}

extension SupervisionReport {
    func pastLegalLimitText(_ t: (Instant?) -> String, _ d: (Instant?) -> String) -> [String] {
        let running = pastLegalLimit.count { $0.finishedAt == nil }
        var out = ["超过法定时限（违法超期）：\(pastLegalLimit.count) 件（统计期内办结或撤回 \(pastLegalLimit.count - running)，仍在办 \(running)）"]
        for c in pastLegalLimit {
            let end = c.finishedAt.map { c.withdrawn ? "已撤回 \(t($0))" : "已办结 \(t($0))" } ?? Self.running(c.waitingAt)
            let extended = c.extended > 0 ? "（延长 \(Self.limitWords(TimeLimit(c.extended, c.limit.unit)))）" : ""
            out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  受理 \(t(c.acceptedAt))  法定时限 \(Self.limitWords(c.limit))\(extended) 至 \(d(c.due))"
                       + (c.provisional ? "（按周末推算）" : "") + "  " + end)
        }
        return out
    }

    /// `20 个工作日`, `30 天`, `4 小时`.
    static func limitWords(_ limit: TimeLimit) -> String { "\(limit.amount) \(unitWords(limit))" }

    static func json(_ c: LegalLapse) -> ReportJSON {
        .object(["case": .string(c.caseID), "parent": .optional(c.parent), "workflow": .string(c.workflow), "department": .string(c.department),
                 "acceptedAt": .instant(c.acceptedAt), "limit": .string(c.limit.description),
                 "extended": c.extended > 0 ? .string(TimeLimit(c.extended, c.limit.unit).description) : .null, "due": .instant(c.due), "finishedAt": .instant(c.finishedAt),
                 "withdrawn": .bool(c.withdrawn), "provisional": .bool(c.provisional), "waitingAt": json(c.waitingAt)])
    }
}
