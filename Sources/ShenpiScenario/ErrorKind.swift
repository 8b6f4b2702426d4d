import ShenpiEngine

/// The kebab-case kind of an engine refusal, as `expect-error:` names it.
extension EngineError {
    public var kind: String {
        switch self {
        case .wrongMachine: return "wrong-machine"
        case .timeWentBackwards: return "time-went-backwards"
        case .alreadySubmitted: return "already-submitted"
        case .notSubmitted: return "not-submitted"
        case .notPreSubmitted: return "not-pre-submitted"
        case .caseFinished: return "case-finished"
        case .notFinished: return "not-finished"
        case .nodeUnknown: return "step-unknown"
        case .nodeNotActive, .notReceived: return "step-not-active"
        case .notDecidable: return "not-decidable"
        case .unknownDecision: return "unknown-decision"
        case .actorLacksRole, .actorLacksRoles: return "actor-lacks-role"
        case .fourEyesViolated, .fourEyesAfterJoin, .followUpByOwnOfficer: return "four-eyes-violated"
        case .materialsMissing: return "materials-missing"
        case .unknownMaterials, .unknownDefective: return "unknown-materials"
        case .unknownField: return "unknown-field"
        case .missingField: return "missing-field"
        case .invalidField: return "invalid-field"
        case .notAccepted: return "not-accepted"
        case .clockNotRunning: return "clock-not-running"
        case .noSpecialProcedure, .noSpecialProcedureAt: return "no-special-procedure"
        case .specialProcedureAtStep: return "special-procedure-at-step"
        case .emptySupplement: return "empty-supplement"
        case .defectiveWithoutSupplement, .defectiveNotHandedIn: return "defective-refused"
        case .expectedWithoutPause: return "expected-refused"
        case .noWithdrawOutcome: return "no-withdraw-outcome"
        case .unknownTimer: return "unknown-timer"
        case .timerNotDue: return "timer-not-due"
        case .badRating: return "bad-rating"
        case .alreadyRated: return "already-rated"
        case .notRated: return "not-rated"
        case .notNegative: return "not-negative"
        case .alreadyFollowedUp: return "already-followed-up"
        case .followUpWithoutComment, .callbackWithoutComment: return "comment-required"
        case .callbackBeforeFinish: return "not-finished"
        case .alreadyCalledBack: return "already-called-back"
        case .badExtension: return "bad-extension"
        case .extensionNotAllowed: return "extension-not-allowed"
        case .extensionExceeded, .extensionsUsedUp: return "extension-exceeded"
        case .clock: return "clock"
        case .routeLoop: return "route-loop"
        }
    }

    /// Every kind, for checking `expect-error:` when the scenario is read.
    public static let kinds: [String] = [
        "wrong-machine", "already-submitted", "not-submitted", "not-pre-submitted", "case-finished", "not-finished",
        "step-unknown", "step-not-active", "not-decidable", "unknown-decision", "actor-lacks-role", "four-eyes-violated",
        "materials-missing", "unknown-materials", "unknown-field", "missing-field", "invalid-field", "not-accepted",
        "clock-not-running", "no-special-procedure", "special-procedure-at-step", "empty-supplement", "defective-refused", "expected-refused", "no-withdraw-outcome", "unknown-timer", "timer-not-due", "bad-rating",
        "already-rated", "not-rated", "not-negative", "already-followed-up", "comment-required", "already-called-back", "bad-extension", "extension-not-allowed", "extension-exceeded", "clock", "route-loop", "time-went-backwards",
    ]
}

/// Every kind `expect-error:` may name: the engine's, then the refusals of
/// the host around it (the store and the daemon's checks, under the
/// daemon's codes in docs/api.md), which a scenario meets as the daemon's
/// clients do: a call step decided by hand, a sub-case withdrawn by
/// itself, a sub-case its flow refuses to open or whose outcome its parent refuses.
public enum ScenarioErrorKinds {
    public static let host = ["subcase-step", "subcase-withdraw", "subcase-rating", "subcase-callback", "subcase-supplement", "subcase-refused", "supplement-refused", "reason-required",
                                     "expected-required"]
    public static let all = EngineError.kinds + host
}
