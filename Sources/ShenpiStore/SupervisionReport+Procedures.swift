import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// A special procedure (特别程序) still stopping a running case's clock at
/// `at` past the time the officer who started it expected it to take
/// (Art. 45: the applicant was told that time). A forgotten one stops the
/// clock for good: the case never turns yellow or red, so no other list
/// shows it. The same goes for a flow's pause (`pause: expert-review`) with
/// an expected time, the officer's or the flow's.
public struct LongProcedure: Sendable, Hashable {
    /// Started by `start-special-procedure`, or by a decision's `pause:`.
    public enum Kind: String, Sendable, Hashable {
        case procedure
        case pause
    }

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
    public var kind: Kind = .procedure
    /// A pause's branch, which its resume names.
    var branch: BranchRef? = nil
}

extension SupervisionBuilder {
    /// The case's special procedures in progress at `at` past their
    /// expected end, from its log (one started without an expected time,
    /// before the release that asks for it, cannot be judged).
    mutating func longProcedures(_ c: ReportedCase) throws -> [LongProcedure] {
        guard !c.state.isFinished, c.state.specialProcedure != nil || c.state.flowPause != nil else { return [] }
        // The flow's calendar, else cn: as 只受不理 counts.
        let calendar = c.calendar ?? self.calendar("cn")
        var running: [LongProcedure] = []
        // A pause is started by a decision: its step, and the officer's word on
        // the time (`pauseExpected`, in the same command), else the flow's.
        var decision: (version: Int, step: String, name: String)?
        var said: (version: Int, expected: TimeLimit)?
        for event in try events(c.id) {
            switch event.fact {
            case .decided(let step, let name, _):
                decision = (event.version, step, name)
            case .pauseExpected(let expected):
                said = (event.version, expected)
            case .flowPaused(let reason, let branch):
                guard let decision, decision.version == event.version else { continue }
                let expected = said.flatMap { $0.version == event.version ? $0.expected : nil }
                    ?? pauseExpected(of: decision.step, decision.name, c.machine)
                guard let expected, let end = end(of: expected, after: event.at, calendar: calendar) else { continue }
                running.append(LongProcedure(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, step: decision.step,
                                             stepDepartment: roleDepartment(ofStep: decision.step, c.machine),
                                             reason: reason, startedAt: event.at, startedBy: event.actor, expected: expected, expectedEnd: end,
                                             kind: .pause, branch: branch))
            case .flowResumed(let branch):
                if let i = running.firstIndex(where: { $0.kind == .pause && $0.branch == branch }) { running.remove(at: i) }
            case .specialProcedureStarted(let reason, let expected, let step):
                if let step { running.removeAll { $0.kind == .procedure && $0.step == step } }
                guard let expected, let end = end(of: expected, after: event.at, calendar: calendar) else { continue }
                running.append(LongProcedure(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, step: step,
                                             stepDepartment: step.flatMap { roleDepartment(ofStep: $0, c.machine) },
                                             reason: reason, startedAt: event.at, startedBy: event.actor, expected: expected, expectedEnd: end))
            case .specialProcedureEnded(let step):
                // Rules 5 names the step; before it, one ran at a time.
                if let step {
                    running.removeAll { $0.kind == .procedure && $0.step == step }
                } else {
                    running.removeAll { $0.kind == .procedure }
                }
            default: continue
            }
        }
        // Past its end as 只受不理 and the colours count: at the end instant itself.
        return running.filter { at >= $0.expectedEnd }
    }

    /// The time a flow gives its decision's pause (`expected:`), if any.
    func pauseExpected(of step: String, _ decision: String, _ machine: Machine?) -> TimeLimit? {
        guard let machine, let node = machine.node(named: step), case .task(let task) = machine.nodes[node].kind,
              let ti = task.transitionIndex(named: decision) else { return nil }
        return task.transitions[ti].pauseExpected?.clockUnits
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
                       + "  “\(p.reason)”\(p.kind == .pause ? "（流程暂停）" : "")  \(t(p.startedAt)) 起（\(p.startedBy)）  预计 \(p.expected.amount) \(Self.unitWords(p.expected))，应于 \(d(p.expectedEnd)) 结束")
        }
        return out
    }

    static func json(_ p: LongProcedure) -> ReportJSON {
        .object(["case": .string(p.caseID), "parent": .optional(p.parent), "workflow": .string(p.workflow), "department": .string(p.department),
                 "step": .optional(p.step), "stepDepartment": .optional(p.stepDepartment), "reason": .string(p.reason), "startedAt": .instant(p.startedAt), "startedBy": .string(p.startedBy),
                 "expected": .string(p.expected.description), "expectedEnd": .instant(p.expectedEnd), "kind": .string(p.kind.rawValue)])
    }
}
