import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// A recorded event against the machine it claims to come from: whether that
/// machine could have produced it (its ids exist), and, for a version's
/// events, the command that produced them.
struct AuditedEvent {
    let event: CaseEvent
    let seq: Int
    let caseID: String
    let fingerprint: String
    let machine: Machine

    init(_ event: CaseEvent, seq: Int, caseID: String, fingerprint: String, machine: Machine) {
        (self.event, self.seq, self.caseID, self.fingerprint, self.machine) = (event, seq, caseID, fingerprint, machine)
    }

    /// Why the machine could not have recorded it; `nil` when it could.
    var problem: String? {
        if seq == 1 {
            guard case .submitted(let id, let m, _, _, _, _) = event.fact else { return "the first event is not a submission" }
            if id != caseID { return "it names case \(id), the case row is \(caseID)" }
            if m != fingerprint { return "it pins machine \(m.prefix(12))…, the case row says \(fingerprint.prefix(12))…" }
        }
        switch event.fact {
        case .submitted(_, _, _, let materials, _, _):
            return seq == 1 ? badIndexes(materials) : "a second submission"
        case .decided(let node, let decision, _):
            guard let n = machine.node(named: node) else { return "step \"\(node)\" is not in its machine" }
            return Self.decisions(of: machine.nodes[n], machine).contains(decision) ? nil : "step \"\(node)\" has no decision \"\(decision)\" in its machine"
        case .supplementRequested(let node, let missing, let returned):
            guard machine.node(named: node) != nil else { return "step \"\(node)\" is not in its machine" }
            return badIDs(missing) ?? badIndexes(returned ?? [])
        case .supplemented(let materials, let still):
            return badIndexes(materials) ?? badIDs(still)
        case .entered(let token):
            return machine.nodes.indices.contains(token.node) ? nil : "it enters node \(token.node), which its machine does not have"
        case .joinOpened(let b), .joinCounted(let b, _), .joinClosed(let b):
            return machine.blocks.indices.contains(b) ? nil : "it names parallel block \(b), which its machine does not have"
        case .finished(let outcome, _):
            return machine.outcomes.contains { $0.id == outcome } ? nil : "outcome \"\(outcome)\" is not in its machine"
        default:
            return nil
        }
    }

    private func badIndexes(_ materials: [Int]) -> String? {
        materials.first { !machine.materials.indices.contains($0) }.map { "it names material \($0), which its machine does not have" }
    }

    private func badIDs(_ ids: [String]) -> String? {
        ids.first { machine.tables.material($0) == nil }.map { "material \"\($0)\" is not in its machine" }
    }

    /// The names a `decided` event can carry on a node: a task's decisions, a
    /// call's outcomes, a route's arms (`when …` / `otherwise`), `after wait`.
    static func decisions(of node: Node, _ machine: Machine) -> [String] {
        if case .call(_, let outcomes) = node.kind { return Array(outcomes.keys) }
        return node.labelledTargets(machine.expressions).map(\.label)
    }

    /// The command a version's events record: its first command fact. The
    /// officer's roles are not recorded, so the actor is given every role of
    /// the machine (its steps' and the one approving extensions): the re-run
    /// checks all but authorization.
    static func command(of events: [CaseEvent], machine: Machine) -> Command? {
        let roles = Set(machine.nodes.compactMap { node -> String? in if case .task(let t) = node.kind { t.role } else { nil } })
            .union([machine.limits.extensionAllowance?.by].compactMap { $0 })
        func ids(_ indexes: [Int]) -> [String] { indexes.map { machine.materials[$0].id } }
        for e in events {
            let actor = Actor(id: e.actor, roles: roles)
            // An applicant's command entered by a user records that user.
            let by = e.actor == Actor.applicant.id ? nil : actor
            switch e.fact {
            case .submitted(_, _, let fields, let materials, let channel, let rules):
                return .submit(fields: fields, materials: ids(materials), channel: channel, by: by, rules: rules)
            case .received: return .receive(actor: actor)
            case .decided(let node, let decision, let comment):
                // Materials found defective are recorded with the request they went into.
                let returned: [Int] = events.lazy.compactMap { event -> [Int]? in
                    if case .supplementRequested(_, _, let r?) = event.fact { r } else { nil }
                }.first ?? []
                let expected = events.lazy.compactMap { event -> TimeLimit? in
                    if case .pauseExpected(let t) = event.fact { t } else { nil }
                }.first
                return .decide(node: node, decision: decision, actor: actor, comment: comment, defective: ids(returned), expected: expected)
            case .supplemented(let materials, _): return .supplement(materials: ids(materials), by: by)
            case .specialProcedureStarted(let reason, let expected, let step):
                return .startSpecialProcedure(reason: reason, actor: actor, expected: expected, step: step)
            case .specialProcedureEnded(let step): return .endSpecialProcedure(actor: actor, step: step)
            case .extended(let by, _, let reason): return .extend(workdays: by, approver: actor, reason: reason)
            case .withdrawn(let reason): return .withdraw(reason: reason, by: by)
            case .timerFired(let id, _): return .timerFired(id: id)
            case .rated(let r): return .rate(level: r.level, comment: r.comment, by: by)
            case .followedUp(let u): return .followUp(result: u.result, comment: u.comment, actor: actor)
            case .calledBack(let c): return .callBack(result: c.result, comment: c.comment, actor: actor)
            default: continue
            }
        }
        return nil
    }

    /// `decide review/pass by r1`, for messages.
    static func describe(_ c: Command) -> String {
        switch c {
        case .submit(_, _, _, let a, _): return "submit" + (a.map { " by \($0.id)" } ?? "")
        case .receive(let a): return "receive by \(a.id)"
        case .decide(let node, let decision, let a, _, _, _): return "decide \(node)/\(decision) by \(a.id)"
        case .supplement(_, let a): return "supplement" + (a.map { " by \($0.id)" } ?? "")
        case .startSpecialProcedure(_, let a, _, _): return "start special procedure by \(a.id)"
        case .endSpecialProcedure(let a, _): return "end special procedure by \(a.id)"
        case .extend(let n, let a, _): return "extend \(n) by \(a.id)"
        case .withdraw(_, let a): return "withdraw" + (a.map { " by \($0.id)" } ?? "")
        case .timerFired(let id): return "timer \(id)"
        case .rate(let level, _, let a): return "rate \(level)" + (a.map { " by \($0.id)" } ?? "")
        case .followUp(let result, _, let a): return "follow up (\(result.rawValue)) by \(a.id)"
        case .callBack(let result, _, let a): return "call back (\(result.rawValue)) by \(a.id)"
        }
    }
}
