import ShenpiCalendar
import ShenpiMachine

/// A pending timer comes due. Everything it does is automatic and recorded so.
extension Stepper {
    mutating func timerFired(_ id: String) throws(EngineError) {
        guard let timer = state.pendingTimers.first(where: { $0.id == id }) else { throw .unknownTimer(id) }
        guard now >= timer.at else { throw .timerNotDue(id: id, due: timer.at.description) }
        actor = .system
        automatic = true
        byTimer = true
        emit(.timerFired(id: id, kind: timer.kind))
        let token = timer.token.flatMap { t in state.tokens.first { $0.id == t } }
        switch timer.kind {
        case .stepTimeout:
            guard let token, case .task(let task) = machine.nodes[token.node].kind else { return }
            let node = machine.nodes[token.node]
            if let i = task.onTimeout {
                // e.g. deemed acceptance (视为受理, Art. 32): no role, four-eyes or materials check.
                // Rules 7: a deemed acceptance says so in the law's words, not by the
                // decision's id (`系统自动作出“accept”`), which the applicant may be sent.
                // Only a move on to another step: a timeout straight to an outcome is no acceptance notice.
                let deemed: Bool
                if case .node(let next) = task.transitions[i].target, next != token.node, state.ruleset >= 7, state.acceptedAt == nil {
                    deemed = true
                } else {
                    deemed = false
                }
                try perform(i, token: token.id, node: token.node,
                            comment: deemed ? "逾期未告知补正，自收到申请材料之日起即为受理（行政许可法第三十二条）"
                                : "逾期未处理，系统自动作出“\(task.transitions[i].name)”")
            } else {
                notifyRole(task.role, "「\(node.title)」已超过办理时限（受理编号\(state.id)）。")
            }
        case .stepWarning:
            guard let token, case .task(let task) = machine.nodes[token.node].kind else { return }
            let due = token.clock?.due.map(dueDescription) ?? ""
            notifyRole(task.role, "「\(machine.nodes[token.node].title)」即将到期（\(due)，受理编号\(state.id)）。")
        case .caseWarning, .caseTimeout:
            let text = timer.kind == .caseWarning
                ? "\(machine.title)（受理编号\(state.id)）临近办结时限\(dueText)。"
                : "\(machine.title)（受理编号\(state.id)）已超过办结时限\(dueText)。"
            for role in activeRoles { notifyRole(role, text) }
        case .waitEnds:
            guard let token, case .wait(_, let next) = machine.nodes[token.node].kind else { return }
            record(.decided(node: token.node, decision: .afterWait, comment: nil))
            leave(token, cancelled: false)
            try move(to: next, decider: token.previousDecider.map { .text(text($0)) } ?? .none, block: token.block)
        }
    }

    /// Roles of the active tasks, once each, in token order.
    var activeRoles: [String] {
        var seen: [String] = []
        for token in state.tokens {
            if case .task(let task) = machine.nodes[token.node].kind, !seen.contains(task.role) { seen.append(task.role) }
        }
        return seen
    }
}
