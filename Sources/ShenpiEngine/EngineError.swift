import ShenpiCalendar

/// Why a command was refused. A refused command changes nothing: no state,
/// no events, no effects.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongMachine(expected: String, found: String)
    /// A command dated before the case's latest event (`CaseState.updatedAt`).
    case timeWentBackwards(last: Instant, now: Instant)
    case alreadySubmitted
    case notSubmitted
    case notPreSubmitted
    case caseFinished(outcome: String)
    case notFinished
    case nodeUnknown(String)
    case nodeNotActive(String)
    /// A decision on a case pre-submitted online that the window has not received yet.
    case notReceived(node: String)
    /// A wait or route cannot be decided.
    case notDecidable(String)
    case unknownDecision(node: String, decision: String, expected: [String])
    case actorLacksRole(actor: String, role: String)
    /// A command other than a decision by an officer holding none of the
    /// roles that may give it (`Stepper+Roles.swift`).
    case actorLacksRoles(actor: String, command: String, roles: [String])
    /// A four-eyes step decided by whoever decided the previous one.
    case fourEyesViolated(node: String, actor: String)
    /// A four-eyes step after a join decided by whoever finished one of its
    /// branches (`FourEyesRule`, a host rule; the engine itself never throws it).
    case fourEyesAfterJoin(node: String, actor: String, branchStep: String)
    /// A 差评's follow-up by an officer who acted on the case (`FollowUpRule`).
    case followUpByOwnOfficer(actor: String)
    case materialsMissing(node: String, missing: [String])
    case unknownMaterials([String])
    case unknownField(String)
    case missingField(String)
    case invalidField(field: String, reason: String)
    case notAccepted
    /// `stoppedFor`: what stopped it (a special procedure, a flow's pause), when it is stopped rather than completed.
    case clockNotRunning(stoppedFor: String? = nil)
    case noSpecialProcedure
    /// Rules 5: none began at this step (it may have other steps' running).
    case noSpecialProcedureAt(step: String)
    /// Rules 5: this step runs one already (other steps may start their own).
    case specialProcedureAtStep(step: String, reason: String)
    /// A supplement that hands in nothing.
    case emptySupplement
    /// Materials named defective by a decision that requests no supplement.
    case defectiveWithoutSupplement(node: String, decision: String)
    /// An expected duration given with a decision that starts no pause.
    case expectedWithoutPause(node: String, decision: String)
    /// Materials named defective that were not handed in.
    case defectiveNotHandedIn([String])
    /// Materials named defective that the flow does not have.
    case unknownDefective([String])
    case noWithdrawOutcome
    case unknownTimer(String)
    case timerNotDue(id: String, due: String)
    case badRating(Int)
    case alreadyRated
    /// A follow-up on a case not rated, which no callback found dissatisfied.
    case notRated
    /// A follow-up on a rating that is no 差评, which no callback found dissatisfied.
    case notNegative(level: Int)
    case alreadyFollowedUp
    /// A follow-up says what was done or told the applicant.
    case followUpWithoutComment
    /// A callback before the case finished.
    case callbackBeforeFinish
    /// The applicant was reached already, with this result.
    case alreadyCalledBack(CallbackResult)
    /// A dissatisfied callback says what the applicant said.
    case callbackWithoutComment
    case badExtension(Int)
    /// The flow says `limits.extension: none`.
    case extensionNotAllowed
    /// `asked` would take the extensions past the flow's ceiling `max`; `used` are taken.
    case extensionExceeded(asked: TimeLimit, used: Int, max: TimeLimit)
    /// The case was extended as many times as `limits.extension` allows.
    case extensionsUsedUp(times: Int)
    /// A clock operation the calendar refused (an extension after the limit ran out, an uncovered year).
    case clock(String)
    /// A route that leads back to itself without a task in between.
    case routeLoop(String)

    public var description: String {
        switch self {
        case .wrongMachine(let e, let f): return "the case runs on machine \(e.prefix(12))…, not \(f.prefix(12))…"
        case .timeWentBackwards(let last, let now): return "the command is dated \(now), before the case's last change at \(last)"
        case .alreadySubmitted: return "the case was already submitted"
        case .notSubmitted: return "the case has not been submitted"
        case .notPreSubmitted: return "only an online pre-submission can be received"
        case .caseFinished(let o): return "the case is finished (\(o))"
        case .notFinished: return "the case is not finished"
        case .nodeUnknown(let n): return "no step \"\(n)\" in this flow"
        case .nodeNotActive(let n): return "step \"\(n)\" is not active"
        case .notReceived(let n):
            return "step \"\(n)\" is not active: the case was pre-submitted online and is not received yet; the window receives it first (\"receive\")"
        case .notDecidable(let n): return "step \"\(n)\" takes no decisions"
        case .unknownDecision(let n, let d, let e): return "step \"\(n)\" has no decision \"\(d)\"; expected one of \(e.joined(separator: ", "))"
        case .actorLacksRole(let a, let r): return "\(a) does not hold role \(r)"
        case .actorLacksRoles(let a, let c, let r):
            if r.isEmpty { return "\(a) may not \(c): no active step has a role" }
            return "\(a) may not \(c): it takes \(r.count == 1 ? "role" : "one of the roles") \(r.joined(separator: ", "))"
        case .fourEyesViolated(let n, let a): return "\(a) decided the previous step, so may not decide \"\(n)\" (four-eyes)"
        case .followUpByOwnOfficer(let a):
            return "\(a) acted on this case, so may not record what came of the applicant's complaint (差评 or callback): another officer of the department, or the supervision office, records it"
        case .fourEyesAfterJoin(let n, let a, let b):
            return "\(a) decided \"\(b)\", the last step of a branch joined before \"\(n)\", so may not decide it (four-eyes)"
        case .materialsMissing(let n, let m): return "step \"\(n)\" needs \(m.joined(separator: ", "))"
        case .unknownMaterials(let m): return "unknown materials \(m.joined(separator: ", "))"
        case .unknownField(let f): return "unknown field \"\(f)\""
        case .missingField(let f): return "required field \"\(f)\" is missing"
        case .invalidField(let f, let r): return "field \"\(f)\": \(r)"
        case .notAccepted: return "the case has not been accepted yet"
        case .clockNotRunning(let reason?): return "the case clock is already stopped (\(reason)); end that first"
        case .clockNotRunning: return "the case clock is not running"
        case .noSpecialProcedure: return "no special procedure is in progress"
        case .noSpecialProcedureAt(let s): return "no special procedure began at \(s)"
        case .specialProcedureAtStep(let s, let r): return "a special procedure (\(r)) is already in progress at \(s); end that first"
        case .emptySupplement: return "a supplement must hand in at least one material"
        case .defectiveWithoutSupplement(let n, let d):
            return "decision \"\(d)\" of step \"\(n)\" requests no supplement, so it cannot name materials defective"
        case .expectedWithoutPause(let n, let d):
            return "decision \"\(d)\" of step \"\(n)\" starts no pause, so it takes no expected duration"
        case .unknownDefective(let m): return "unknown materials \(m.joined(separator: ", ")) named defective"
        case .defectiveNotHandedIn(let m):
            return "\(m.joined(separator: ", ")) \(m.count == 1 ? "was" : "were") not handed in: only a material handed in can be found defective (one never handed in is missing)"
        case .noWithdrawOutcome: return "the flow has no outcome of kind withdrawn"
        case .unknownTimer(let t): return "no pending timer \"\(t)\""
        case .timerNotDue(let t, let d): return "timer \"\(t)\" is not due before \(d)"
        case .badRating(let l): return "rating \(l) is not between 1 and 5"
        case .alreadyRated: return "the case was already rated"
        case .notRated: return "the case has nothing to follow up: it was not rated, and no callback found the applicant dissatisfied"
        case .notNegative(let l): return "the case was rated \(l), and no callback found the applicant dissatisfied: only a 差评 (2 or 1) or a dissatisfied callback is followed up"
        case .alreadyFollowedUp: return "the case was already followed up (again only after a callback about it finds the applicant dissatisfied)"
        case .followUpWithoutComment: return "a follow-up says in words what was done or told the applicant (comment): it is sent to them"
        case .callbackBeforeFinish: return "the case is not finished: the applicant is called back once it is"
        case .alreadyCalledBack(let r): return "the applicant was called back already (\(r.rawValue))"
        case .callbackWithoutComment: return "a dissatisfied callback says in words what the applicant said (comment)"
        case .badExtension(let n): return "an extension of \(n) must be between 1 and 9999"
        case .extensionNotAllowed: return "this flow allows no extension of the case limit (limits.extension: none)"
        case .extensionExceeded(let asked, let used, let max):
            let left = TimeLimit(Swift.max(0, max.amount - used), max.unit)
            return "an extension of \(asked) would pass the flow's ceiling: the case limit may be extended by \(max) in all "
                + "(limits.extension): \(TimeLimit(used, max.unit)) used, \(left.amount == 0 ? "nothing" : "\(left)") left"
        case .extensionsUsedUp(let times):
            return "the case limit may be extended \(times == 1 ? "once" : "\(times) times") (limits.extension times: \(times)), "
                + "and it has been: nothing is left"
        case .clock(let m): return m
        case .routeLoop(let n): return "routes loop at \"\(n)\""
        }
    }
}
