import ShenpiEngine
import ShenpiStore

extension CaseEngineError {
    /// The HTTP answer to a refusal: 404 unknown case, 409 conflicts, 403 a
    /// role or four-eyes refusal, 422 a command that does not fit the case.
    var apiError: APIError {
        switch self {
        case .notFound(let id): return .notFound("no case \(id)")
        case .alreadyExists(let id): return APIError(409, "case-exists", "case \(id) exists already")
        case .versionConflict(let current):
            return APIError(409, "version-conflict", "the case changed: it is at version \(current)", details: ["currentVersion": .int(current)])
        case .machineMissing(let m): return APIError(422, "unknown-flow", "no deployed flow \(m)")
        case .engine(let e): return e.apiError
        case .subcaseRefused: return APIError(422, "subcase-refused", description)
        case .damagedSnapshot, .damagedLog: return APIError(500, "case-damaged", description)
        case .badMachine, .calendarMissing, .notASubmission, .calendarsRefused: return APIError(500, "internal", description)
        }
    }
}

extension EngineError {
    var apiError: APIError {
        switch self {
        case .actorLacksRole, .actorLacksRoles: return APIError(403, "role-required", description)
        case .timeWentBackwards: return APIError(409, "clock-behind", description)
        case .fourEyesViolated, .fourEyesAfterJoin, .followUpByOwnOfficer: return APIError(403, "four-eyes", description)
        case .materialsMissing(_, let missing):
            return APIError(422, "materials-missing", description, details: ["missing": .array(missing.map(JSONValue.string))])
        case .caseFinished: return APIError(422, "case-finished", description)
        case .nodeUnknown, .nodeNotActive, .notDecidable, .notReceived: return APIError(422, "step-not-active", description, field: "step")
        case .noSpecialProcedureAt, .specialProcedureAtStep: return APIError(422, "command-refused", description, field: "step")
        case .unknownDecision: return APIError(422, "unknown-decision", description, field: "decision")
        case .unknownMaterials: return APIError(422, "unknown-materials", description, field: "materials")
        case .unknownDefective: return APIError(422, "unknown-materials", description, field: "defective")
        case .defectiveWithoutSupplement, .defectiveNotHandedIn: return APIError(422, "defective-refused", description, field: "defective")
        case .expectedWithoutPause: return APIError(422, "expected-refused", description, field: "expected")
        case .unknownField(let f), .missingField(let f), .invalidField(let f, _): return APIError(422, "invalid-field", description, field: "fields." + f)
        case .badRating, .alreadyRated, .notFinished: return APIError(422, "rating-refused", description)
        case .notRated, .notNegative, .alreadyFollowedUp: return APIError(422, "follow-up-refused", description)
        case .followUpWithoutComment: return APIError(422, "follow-up-refused", description, field: "comment")
        case .callbackBeforeFinish, .alreadyCalledBack: return APIError(422, "callback-refused", description)
        case .callbackWithoutComment: return APIError(422, "callback-refused", description, field: "comment")
        case .extensionNotAllowed: return APIError(422, "extension-not-allowed", description)
        case .extensionExceeded, .extensionsUsedUp: return APIError(422, "extension-exceeded", description)
        default: return APIError(422, "command-refused", description)
        }
    }
}
