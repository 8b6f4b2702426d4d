import ShenpiMachine

/// An extension's or a special procedure's `reason` with no letter or digit
/// (`。`, `——`, symbols): well formed, but nothing to tell the applicant
/// (Art. 42, 45). Like `DecisionReasonRule`, the hosts refuse it before the
/// engine sees the command, and only where the engine would otherwise take
/// it: on an active, accepted case, from someone who may act on it, so that
/// a stale `If-Match` (409) or a missing role (403) is answered first.
public enum StatedReasonRule: Sendable, Hashable {
    case extending
    case specialProcedure

    /// The daemon's error code (422), shared with decisions' comments.
    public static let code = DecisionReasonRule.code

    /// The refusal of `command`, or `nil`. `state` is read only for a reason that says nothing.
    public static func refusal(of command: Command, on machine: Machine, state: () throws -> CaseState) rethrows -> StatedReasonRule? {
        let found: StatedReasonRule, actor: Actor
        switch command {
        case .extend(_, let approver, let reason?) where !TemplateRenderer.saysSomething(reason):
            (found, actor) = (.extending, approver)
        case .startSpecialProcedure(let reason, let by, _, _) where !TemplateRenderer.saysSomething(reason):
            (found, actor) = (.specialProcedure, by)
        default:
            return nil
        }
        let state = try state()
        guard state.status == .active, state.caseClock != nil else { return nil }
        let roles: [String]
        if found == .extending, let by = machine.limits.extensionAllowance?.by {
            roles = [by]
        } else {
            // The active steps' roles; an extension without a ceiling also
            // takes later steps', which the engine works out: any step's role will do here.
            let tokens = found == .extending ? Array(machine.nodes.indices) : state.tokens.map(\.node)
            roles = tokens.compactMap { if case .task(let t) = machine.nodes[$0].kind { t.role } else { nil } }
        }
        return roles.contains(where: actor.holds) ? found : nil
    }

    public var message: String {
        "must say why in words: a reason of only punctuation or symbols tells the applicant nothing"
    }
}
