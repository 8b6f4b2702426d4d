import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// 环节超时: a step that ran past its own limit. The case clock says whether
/// the case was late; this says at which step, under which role, and who
/// answered — an intake answered after its 5 days (Art. 32), a department's
/// review in a parallel block that held the others up.
public struct LateStep: Sendable, Hashable {
    public enum End: String, Sendable, Hashable {
        /// An officer decided after the limit.
        case answered
        /// The step's `on-timeout` decided for it (视为受理 and the like).
        case timedOut
        /// Left undecided: another branch refused, or the case was withdrawn.
        case cancelled
        /// Still waiting at `at`.
        case open
    }

    public var caseID: String
    /// The case whose call step opened it, when it is a sub-case (子办件).
    public var parent: String? = nil
    public var workflow: String
    /// The flow's department.
    public var department: String
    public var step: String
    public var role: String?
    /// The role's department, when the report was given the registry.
    public var roleDepartment: String? = nil
    /// When the step was entered.
    public var enteredAt: Instant
    /// When its limit began to run: on entry, or, for a step entered by a
    /// request for supplement, when the materials came.
    public var clockStartedAt: Instant
    /// When its limit ran out.
    public var due: Instant
    public var end: End
    /// When it was left; `nil` while open.
    public var leftAt: Instant? = nil
    /// The decision taken, and by whom (`system` for a timeout).
    public var decision: String? = nil
    public var by: String? = nil
}

/// Late steps of one role, or of one department's roles, over the period.
public struct LateStepCount: Sendable, Hashable {
    /// A role id, or a department id.
    public var key: String
    public var count = 0
    /// Of them, still waiting at `at`.
    public var open = 0
}

extension SupervisionBuilder {
    /// The case's steps that ran past their own limit: left late in the
    /// period (answered, by timeout or cancelled), or still waiting at `at`
    /// past a limit that ran out by the period's end. A step left late
    /// before the period belongs to that period's report; so one step is
    /// counted once however the periods are cut, until it is answered.
    func lateSteps(_ c: ReportedCase, createdAt: Instant, updatedAt: Instant) throws -> [LateStep] {
        guard let machine = c.machine, let shortest = shortestStepLimit[machine.fingerprint] else { return [] }
        let tables = machine.tables
        var late: [(node: Int, step: LateStep)] = []
        let end = options.to.map { min(at, Instant.endOfDay($0)) } ?? at
        for token in c.state.tokens {
            guard let clock = token.clock, clock.completedAt == nil, let due = clock.due, due <= end,
                  machine.nodes.indices.contains(token.node) else { continue }
            late.append((token.node, step(c, node: token.node, tables: tables, enteredAt: token.enteredAt, started: clock.start,
                                          due: due, end: .open)))
        }
        // Steps already left are only in the log, which is read only when one
        // can have left late in the period: its last step left in or after
        // the period's start, at least the shortest step limit after submission.
        let lastLeft = c.state.finishedAt ?? min(updatedAt, at)
        if options.from.map({ lastLeft >= Instant.startOfDay($0) }) ?? true,
           lastLeft.secondsSinceEpoch - createdAt.secondsSinceEpoch >= shortest {
            try leftLate(c, tables: tables, into: &late)
        }
        return late.sorted { ($0.step.due, $0.node, $0.step.enteredAt) < ($1.step.due, $1.node, $1.step.enteredAt) }.map(\.step)
    }

    private func leftLate(_ c: ReportedCase, tables: MachineTables, into late: inout [(node: Int, step: LateStep)]) throws {
        guard let machine = c.machine else { return }
        var open: [Int: (node: Int, enteredAt: Instant, started: Instant?, due: Instant?)] = [:]
        var decided: (version: Int, node: String, decision: String, by: String, automatic: Bool)?
        for e in try events(c.id) {
            switch e.fact {
            case .entered(let token):
                open[token.id] = (token.node, e.at, nil, nil)
            case .clockStarted(.step(let token), let record):
                open[token]?.due = record.due
                open[token]?.started = record.start
            case .clockChanged(.step(let token), _, let due, _):
                open[token]?.due = due
            case .decided(let node, let decision, _):
                decided = (e.version, node, decision, e.actor, e.automatic)
            case .left(let token, let cancelled):
                guard let entry = open.removeValue(forKey: token), let due = entry.due, e.at >= due,
                      options.contains(e.at.date), machine.nodes.indices.contains(entry.node) else { continue }
                var s = step(c, node: entry.node, tables: tables, enteredAt: entry.enteredAt, started: entry.started ?? entry.enteredAt, due: due,
                             end: .cancelled)
                s.leftAt = e.at
                if !cancelled, let d = decided, d.version == e.version, d.node == s.step {
                    s.end = d.automatic ? .timedOut : .answered
                    s.decision = d.decision
                    s.by = d.automatic ? "system" : d.by
                }
                late.append((entry.node, s))
            default:
                break
            }
        }
    }

    /// A lower bound, in seconds, on how long after entering any step of
    /// `machine` its limit can run out; `nil` when no step has a limit. A
    /// day limit ends with a day after the entry day, so after more than 24
    /// hours; one in hours after at least that many hours.
    static func shortestStepLimit(_ machine: Machine) -> Int? {
        machine.tables.tasks.compactMap { $0?.spec.limit }.map { $0.unit == .minutes ? $0.amount / 60 * 3600 : 86_400 }.min()
    }

    private func step(_ c: ReportedCase, node: Int, tables: MachineTables, enteredAt: Instant, started: Instant, due: Instant,
                      end: LateStep.End) -> LateStep {
        let role = tables.tasks[node]?.spec.role
        return LateStep(caseID: c.id, parent: c.parent, workflow: c.workflow, department: c.department, step: c.machine?.nodes[node].id ?? "",
                        role: role, roleDepartment: role.flatMap { options.roleDepartments[$0] }, enteredAt: enteredAt, clockStartedAt: started,
                        due: due, end: end)
    }
}

extension SupervisionReport {
    /// Late steps counted by role, most first.
    public var lateStepsByRole: [LateStepCount] { Self.count(lateSteps) { $0.role ?? "" } }

    /// Late steps counted by their role's department, most first (a role
    /// the registry does not name under the key ""); empty when the report
    /// was not given the registry's roles.
    public var lateStepsByDepartment: [LateStepCount] {
        registryGiven ? Self.count(lateSteps) { $0.roleDepartment ?? "" } : []
    }

    static func count(_ steps: [LateStep], by key: (LateStep) -> String) -> [LateStepCount] {
        var counts: [String: LateStepCount] = [:]
        for s in steps {
            let k = key(s)
            counts[k, default: LateStepCount(key: k)].count += 1
            if s.end == .open { counts[k]?.open += 1 }
        }
        return counts.values.sorted { ($1.count, $0.key) < ($0.count, $1.key) }
    }

    func lateStepsText(_ t: (Instant?) -> String, _ d: (Instant?) -> String) -> [String] {
        let open = lateSteps.count { $0.end == .open }
        var out = ["环节超时（环节办理超过本环节时限：本期超时办理，或至统计时点仍未办理）：\(lateSteps.count) 个（仍未办理 \(open) 个）"]
        for s in lateSteps {
            let how: String
            switch s.end {
            case .answered: how = "超时办理 \(t(s.leftAt))（\(s.by ?? "")，\(s.decision ?? "")）"
            case .timedOut where s.leftAt == s.due: how = "到期自动处理（\(s.decision ?? "")）"
            case .timedOut: how = "超时自动处理 \(t(s.leftAt))（\(s.decision ?? "")）"
            case .cancelled: how = "超时后取消 \(t(s.leftAt))"
            case .open: how = "仍未办理"
            }
            // Only a step waiting for the applicant starts its clock later; a
            // step entered at midnight by a timer starts it a second before.
            let start = s.clockStartedAt > s.enteredAt ? "进入 \(t(s.enteredAt))，补正后 \(t(s.clockStartedAt)) 起算" : "进入 \(t(s.enteredAt))"
            let role = s.role.map { r in roleTitles[r].map { "\($0) \(r)" } ?? r } ?? "—"
            out.append("  \(s.caseID)\(Self.subcase(s.parent))  \(s.workflow)  \(s.step)（\(role)）  \(start)  时限 \(d(s.due))  " + how)
        }
        func line(_ counts: [LateStepCount], _ titles: [String: String]) -> String {
            counts.map { c in
                let name = c.key.isEmpty ? "（未知）" : titles[c.key] ?? c.key  // the JSON has the ids
                return "\(name) \(c.count)" + (c.open > 0 ? "（未办 \(c.open)）" : "")
            }.joined(separator: "，")
        }
        let departments = lateStepsByDepartment
        if !departments.isEmpty { out.append("  按承办部门：" + line(departments, departmentTitles)) }
        let roles = lateStepsByRole
        if !roles.isEmpty { out.append("  按岗位：" + line(roles, roleTitles)) }
        return out
    }

    static func json(_ s: LateStep) -> ReportJSON {
        .object(["case": .string(s.caseID), "parent": .optional(s.parent), "workflow": .string(s.workflow), "department": .string(s.department),
                 "step": .string(s.step), "role": .optional(s.role), "roleDepartment": .optional(s.roleDepartment), "enteredAt": .instant(s.enteredAt),
                 "clockStartedAt": .instant(s.clockStartedAt), "due": .instant(s.due),
                 "end": .string(s.end.rawValue), "leftAt": .instant(s.leftAt), "decision": .optional(s.decision), "by": .optional(s.by)])
    }

    /// The unknown key (a role the registry does not name) is `null`.
    static func json(_ counts: [LateStepCount], key: String) -> ReportJSON {
        .array(counts.map { .object([key: $0.key.isEmpty ? .null : .string($0.key), "count": .int($0.count), "open": .int($0.open)]) })
    }
}
