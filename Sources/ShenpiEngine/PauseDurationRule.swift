import ShenpiCalendar
import ShenpiMachine

/// A decision that stops the clock for a procedure Art. 45 keeps out of the
/// limit (hearing, testing, expert review …), taken without saying how long
/// it is expected to take: the law has the applicant told in writing, and
/// neither the flow (`expected:`) nor the officer (`expected`) says it. A
/// pause for 补正 is the applicant's to end and is not asked. Like
/// `DecisionReasonRule`, the hosts refuse it before the engine sees it, and
/// only where the engine would otherwise take it (an active step, its role);
/// stored cases replay through the engine, which never asks.
public struct PauseDurationRule: Sendable, Hashable {
    public var step: String
    public var decision: String
    public var reason: String

    /// The daemon's error code (422), with field `expected`.
    public static let code = "expected-required"

    public static func refusal(of command: Command, on machine: Machine, state: () throws -> CaseState) rethrows -> PauseDurationRule? {
        guard case .decide(let name, let decision, let actor, _, _, nil) = command,
              let n = machine.node(named: name), case .task(let task) = machine.nodes[n].kind,
              let transition = task.transition(named: decision), let reason = transition.pause,
              reason != PauseReason.supplement.rawValue, transition.pauseExpected == nil, actor.holds(task.role) else { return nil }
        let state = try state()
        guard state.status == .active, state.token(at: n) != nil else { return nil }
        return PauseDurationRule(step: name, decision: decision, reason: reason)
    }

    public var message: String {
        "decision \"\(decision)\" at step \"\(step)\" stops the clock for \(reason); say how long it is expected to take in \"expected\" "
            + "({\"workdays\": 20}, {\"days\": …} or {\"hours\": …}): the applicant is told in writing (Art. 45)"
    }
}
