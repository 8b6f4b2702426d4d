import ShenpiCalendar
import ShenpiMachine

/// A request for supplement (一次性告知) repeated while the applicant has not
/// yet answered the notice already sent. The engine took it: the applicant
/// got the same notice again, and the waiting step was entered anew (its
/// `enteredAt`, hence its place in the queue, reset) — nothing the first
/// notice had not said. The hosts (the API, the scenario runner) refuse it
/// before the engine sees the decision; stored cases that hold it still
/// replay (`shenpi audit verify`), so the engine keeps accepting it. A new
/// request once the applicant has handed in anything since the last one (a
/// document found defective, all or part of what was asked) stays allowed.
///
/// A request when nothing the step checks is missing must name the
/// materials found defective (`defective`): they are what the notice lists.
/// Without them the notice listed nothing (`请一次性补齐：。`, a comment
/// after it) and the step waited, its clock stopped and deemed acceptance
/// off, for a supplement that could only hand in some material again.
public enum SupplementRequestRule: Sendable, Hashable {
    case notAnswered(step: String, awaited: [String])
    case nothingMissing(step: String)

    /// The daemon's error code (422).
    public static let code = "supplement-refused"

    /// The refusal of `command` on a case in `state` (read only for a
    /// decision that requests a supplement, by someone holding the step's
    /// role); `nil` where the engine's own checks decide.
    /// `events`: the case's history, in order — a request after the
    /// applicant handed in part of what was asked (found defective, say) is new.
    /// `calendar`: the flow's, for the conditions of conditional materials.
    public static func refusal(of command: Command, on machine: Machine, calendar: WorkingCalendar, state: () throws -> CaseState,
                               events: () throws -> [CaseEvent]) rethrows -> SupplementRequestRule? {
        guard case .decide(let name, let decision, let actor, _, let defective, _) = command, let n = machine.node(named: name),
              case .task(let task) = machine.nodes[n].kind, task.transition(named: decision)?.requestSupplement == true,
              actor.holds(task.role) else { return nil }
        let state = try state()
        guard state.status == .active, let token = state.token(at: n) else { return nil }
        guard token.awaitingApplicant else {
            // Materials named defective are listed in the notice: it says something.
            guard defective.isEmpty else { return nil }
            return state.missingMaterials(atNode: n, machine: machine, calendar: calendar).isEmpty ? .nothingMissing(step: name) : nil
        }
        let history = try events()
        let request = history.lastIndex { if case .supplementRequested(name, _, _) = $0.fact { true } else { false } }
        if let request, history[(request + 1)...].contains(where: { if case .supplemented = $0.fact { true } else { false } }) { return nil }
        return .notAnswered(step: name, awaited: state.awaitingSupplement)
    }

    /// The request's key the refusal is about.
    public var field: String {
        switch self {
        case .notAnswered: return "decision"
        case .nothingMissing: return "defective"
        }
    }

    public var message: String {
        switch self {
        case .notAnswered(let step, let awaited):
            let what = awaited.isEmpty ? "" : " (still awaited: \(awaited.joined(separator: ", ")))"
            return "step \"\(step)\" is waiting for the supplement the applicant was already told of\(what); the notice is given once"
        case .nothingMissing(let step):
            return "nothing step \"\(step)\" checks is missing, so the notice would list nothing: name the materials "
                + "found defective in \"defective\" (the notice lists them; \"comment\" says what is wrong), or decide on the materials handed in"
        }
    }
}
