import ShenpiMachine

/// Four eyes on a 差评 (or a dissatisfied callback): the officer whose work
/// the applicant complained of does not record what came of it. Whoever acted on the case as an officer —
/// received it, decided a step, asked for a supplement, ran a special
/// procedure, extended the limit — may not record its follow-up, nor may an
/// officer of one of its sub-cases (the hosts pass their events too: the
/// applicant rated the whole application). Names are compared in any
/// letter case (`OfficerName`). The hosts (the API, the
/// scenario runner) refuse it before the engine sees it.
public enum FollowUpRule {
    /// The refusal of `command` when it is a follow-up by an officer of the
    /// case; `events`: the case's history and its sub-cases'.
    public static func refusal(of command: Command, events: () throws -> [CaseEvent]) rethrows -> EngineError? {
        guard case .followUp(_, _, let actor) = command else { return nil }
        let acted = try events().contains { e in
            guard !e.automatic, OfficerName.same(e.actor, actor.id) else { return false }
            switch e.fact {
            case .received, .decided, .supplementRequested, .specialProcedureStarted, .specialProcedureEnded, .extended: return true
            default: return false
            }
        }
        return acted ? .followUpByOwnOfficer(actor: actor.id) : nil
    }
}
