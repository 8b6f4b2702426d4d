import ShenpiMachine

/// The decisions the law wants reasoned in writing, taken without a comment:
/// one that refuses the application (不予许可, Art. 38: the written decision
/// states its reasons), one that does not accept it (不予受理, Art. 32), and
/// one that extends the case limit (Art. 42: the applicant is told why). The
/// comment is what the flow's notices carry as `{decision.comment}`. The
/// hosts (the API, the scenario runner) refuse such a decision before the
/// engine sees it; the engine took it in earlier releases and stored cases
/// are replayed through it (`shenpi audit verify`), so it keeps doing so.
/// A timeout's automatic decision has no one to give a reason and is not asked.
public enum DecisionReasonRule: Sendable, Hashable {
    case refusal(step: String, decision: String, outcome: String, kind: String)
    case extending(step: String, decision: String)

    /// The daemon's error code (422).
    public static let code = "reason-required"

    /// The refusal of `command` when it takes such a decision at an active
    /// step, by someone holding its role, with no comment or a blank one;
    /// `nil` where the engine's own checks decide. `state` is read only then.
    public static func refusal(of command: Command, on machine: Machine, state: () throws -> CaseState) rethrows -> DecisionReasonRule? {
        guard case .decide(let name, let decision, let actor, let comment, _, _) = command,
              // Blank, or only punctuation (`。`, `——`): no reason to tell.
              !TemplateRenderer.saysSomething(comment ?? ""),
              let n = machine.node(named: name), case .task(let task) = machine.nodes[n].kind,
              let transition = task.transition(named: decision), actor.holds(task.role) else { return nil }
        let found: DecisionReasonRule
        if case .outcome(let o) = transition.target, machine.outcomes[o].isRefusal {
            found = .refusal(step: name, decision: decision, outcome: machine.outcomes[o].id, kind: machine.outcomes[o].kind)
        } else if transition.extend != nil {
            found = .extending(step: name, decision: decision)
        } else {
            return nil
        }
        let state = try state()
        guard state.status == .active, state.token(at: n) != nil else { return nil }
        return found
    }

    public var message: String {
        switch self {
        case .refusal(let step, let decision, let outcome, let kind):
            let (what, article) = kind == "refused" ? ("refuses the application", "Art. 38") : ("does not accept the application", "Art. 32")
            return "decision \"\(decision)\" at step \"\(step)\" \(what) (outcome \"\(outcome)\"); give the reason in \"comment\": "
                + "the applicant is told why in writing (\(article))"
        case .extending(let step, let decision):
            return "decision \"\(decision)\" at step \"\(step)\" extends the case limit; give the reason in \"comment\": "
                + "the applicant is told why (Art. 42)"
        }
    }
}
