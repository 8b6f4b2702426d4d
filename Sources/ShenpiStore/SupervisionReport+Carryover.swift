import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// A running case accepted before the period that is late, near its limit or
/// untouched at `at`: the cohort leaves it out, so without this list last
/// week's late work would vanish from this week's report.
public struct EarlierRunningCase: Sendable, Hashable {
    public var caseID: String
    /// The case whose call step opened it, when it is a sub-case (子办件).
    public var parent: String? = nil
    public var workflow: String
    public var department: String
    public var acceptedAt: Instant
    public var warnAt: Instant?
    public var due: Instant?
    /// Its case clock's colour at `at`.
    public var colour: ClockColour
    /// Set when nobody has acted on it since acceptance past the threshold (只受不理).
    public var untouchedSince: Instant? = nil
    public var waitingAt: [WaitingStep] = []
}

/// One case as the report's pass reads it.
struct ReportedCase {
    let id: String
    let parent: String?
    let workflow: String
    let department: String
    let state: CaseState
    let machine: Machine?
    let calendar: WorkingCalendar?
    /// The case's `case_acted` row (`CaseActed`).
    let actedAt: Int?

    var withdrawn: Bool { state.isFinished && machine?.outcomes.first { $0.id == state.outcome }?.kind == "withdrawn" }
    var waitingAt: [WaitingStep] { machine.map { SupervisionBuilder.waiting(state, machine: $0) } ?? [] }
}

extension SupervisionBuilder {
    /// 本期办结: counts a case finished in the period, whenever accepted, and
    /// lists it when it was accepted before the period and finished late
    /// (withdrawn late too: a withdrawal does not erase lateness).
    func countFinished(_ c: ReportedCase, _ report: inout SupervisionReport, into figures: inout Breakdown) {
        guard let acceptedAt = c.state.acceptedAt, let finishedAt = c.state.finishedAt, options.contains(finishedAt.date) else { return }
        let before = options.from.map { acceptedAt.date < $0 } ?? false
        if c.withdrawn { report.finished.withdrawn += 1 } else {
            figures.finished = 1
            report.finished.completed += 1
            if c.parent != nil { report.finished.subcases += 1 }
            if before { report.finished.acceptedBefore += 1 }
            if let onTime = c.state.onTime {
                figures.finishedJudged = 1
                if onTime { figures.finishedOnTime = 1 }
            }
        }
        report.finished.judged += figures.finishedJudged
        report.finished.onTime += figures.finishedOnTime
        if before, c.state.onTime == false {
            report.lateAcceptedBefore.append(
                ClockedCase(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, acceptedAt: acceptedAt,
                            warnAt: c.state.caseClock?.warnAt, due: c.state.caseClock?.due, finishedAt: finishedAt, withdrawn: c.withdrawn))
        }
    }

    /// A running case accepted before the period: listed when red, yellow or untouched at `at`.
    mutating func earlierRunning(_ c: ReportedCase) throws -> EarlierRunningCase? {
        guard let from = options.from, let acceptedAt = c.state.acceptedAt, acceptedAt.date < from, !c.state.isFinished else { return nil }
        let colour = Self.colour(c.state, at: at, calendar: c.calendar)
        let since = try untouchedSince(c, acceptedAt: acceptedAt)
        guard colour != .normal || since != nil else { return nil }
        return EarlierRunningCase(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, acceptedAt: acceptedAt,
                                  warnAt: c.state.caseClock?.warnAt, due: c.state.caseClock?.due, colour: colour, untouchedSince: since,
                                  waitingAt: c.waitingAt)
    }
}

extension SupervisionReport {
    func earlierRunningText(_ t: (Instant?) -> String, _ d: (Instant?) -> String, _ s: (Instant?) -> String) -> [String] {
        let red = earlierRunning.count { $0.colour == .red }, yellow = earlierRunning.count { $0.colour == .yellow }
        let untouched = earlierRunning.count { $0.untouchedSince != nil }
        var out = ["统计期前受理、仍在办的逾期、临近时限或无人办理：\(earlierRunning.count) 件（红灯 \(red)，黄灯 \(yellow)，只受不理 \(untouched)）"]
        for c in earlierRunning {
            let light = c.colour == .red ? "红灯" : c.colour == .yellow ? "黄灯（预警 \(s(c.warnAt)) 起）" : "未超时"
            out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  受理 \(t(c.acceptedAt))  时限 \(d(c.due))  \(light)"
                       + (c.untouchedSince.map { "  至 \(d($0)) 期满仍无人办理" } ?? "") + "  " + Self.running(c.waitingAt))
        }
        return out
    }

    static func json(_ c: EarlierRunningCase) -> ReportJSON {
        .object(["case": .string(c.caseID), "parent": .optional(c.parent), "workflow": .string(c.workflow), "department": .string(c.department),
                 "acceptedAt": .instant(c.acceptedAt), "warnAt": .instant(c.warnAt), "due": .instant(c.due), "colour": .string(c.colour.rawValue),
                 "untouchedSince": .instant(c.untouchedSince), "waitingAt": json(c.waitingAt)])
    }
}
