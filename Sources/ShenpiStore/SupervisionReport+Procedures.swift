import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// A special procedure (特别程序) still stopping a running case's clock at
/// `at` past the time the officer who started it expected it to take
/// (Art. 45: the applicant was told that time). A forgotten one stops the
/// clock for good: the case never turns yellow or red, so no other list
/// shows it.
public struct LongProcedure: Sendable, Hashable {
    public var caseID: String
    public var parent: String?
    public var workflow: String
    public var department: String
    /// The step it began at (engine rules 5), else `nil`; and, from the
    /// registry, the department of that step's role (whose procedure it is).
    public var step: String?
    public var stepDepartment: String? = nil
    public var reason: String
    public var startedAt: Instant
    public var startedBy: String
    public var expected: TimeLimit
    /// The end of the expected time: the end of the N-th working (or
    /// calendar) day after the start day, on the flow's calendar; hours as
    /// clock hours from the start.
    public var expectedEnd: Instant
}

extension SupervisionBuilder {
    /// The case's special procedures in progress at `at` past their
    /// expected end, from its log (one started without an expected time,
    /// before the release that asks for it, cannot be judged).
    mutating func longProcedures(_ c: ReportedCase) throws -> [LongProcedure] {
        guard !c.state.isFinished, c.state.specialProcedure != nil else { return [] }
        // The flow's calendar, else cn: as 只受不理 counts.
        let calendar = c.calendar ?? self.calendar("cn")
        var running: [LongProcedure] = []
        for event in try events(c.id) {
            switch event.fact {
            case .specialProcedureStarted(let reason, let expected, let step):
                if let step { running.removeAll { $0.step == step } }
                guard let expected, let end = end(of: expected, after: event.at, calendar: calendar) else { continue }
                running.append(LongProcedure(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, step: step,
                                             stepDepartment: step.flatMap { roleDepartment(ofStep: $0, c.machine) },
                                             reason: reason, startedAt: event.at, startedBy: event.actor, expected: expected, expectedEnd: end))
            case .specialProcedureEnded(let step):
                // Rules 5 names the step; before it, one ran at a time.
                if let step {
                    running.removeAll { $0.step == step }
                } else {
                    running.removeAll()
                }
            default: continue
            }
        }
        // Past its end as 只受不理 and the colours count: at the end instant itself.
        return running.filter { at >= $0.expectedEnd }
    }

    func roleDepartment(ofStep step: String, _ machine: Machine?) -> String? {
        guard let machine, let node = machine.node(named: step), case .task(let task) = machine.nodes[node].kind else { return nil }
        return options.roleDepartments[task.role]
    }
}

extension SupervisionReport {
    func longProceduresText(_ t: (Instant?) -> String, _ d: (Instant?) -> String) -> [String] {
        var out = ["特别程序超过预计时间、仍在停表：\(longProcedures.count) 件"]
        for p in longProcedures {
            out.append("  \(p.caseID)\(Self.subcase(p.parent))  \(p.department)  \(p.workflow)"
                       + (p.step.map { "  \($0)" + (p.stepDepartment.map { "（\($0)）" } ?? "") } ?? "")
                       + "  “\(p.reason)”  \(t(p.startedAt)) 起（\(p.startedBy)）  预计 \(p.expected.amount) \(Self.unitWords(p.expected))，应于 \(d(p.expectedEnd)) 结束")
        }
        return out
    }

    static func json(_ p: LongProcedure) -> ReportJSON {
        .object(["case": .string(p.caseID), "parent": .optional(p.parent), "workflow": .string(p.workflow), "department": .string(p.department),
                 "step": .optional(p.step), "stepDepartment": .optional(p.stepDepartment), "reason": .string(p.reason), "startedAt": .instant(p.startedAt), "startedBy": .string(p.startedBy),
                 "expected": .string(p.expected.description), "expectedEnd": .instant(p.expectedEnd)])
    }
}
