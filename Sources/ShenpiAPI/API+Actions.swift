import Crypto
import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiStore

extension API {
    /// `POST /v1/cases/{case}/actions`: a decision (a return is a decision
    /// whose target is an earlier step), a supplement, receiving an online
    /// pre-submission, a special procedure, an extension, a withdrawal.
    func act(_ c: RequestContext) async throws -> APIResponse {
        let caller = try c.user
        let caseID = c.param("case")
        var body = try JSONBody.parse(c.request.body, maxDepth: limits.maxJSONDepth)
        let type = try body.requiredString("type", maxLength: 64)
        let actor = caller.actor
        let command: Command
        switch type {
        case "decide":
            let step = try body.requiredString("step", maxLength: 200)
            let decision = try body.requiredString("decision", maxLength: 200)
            // Art. 45: a decision that pauses says how long it takes, where the flow does not.
            var expected: TimeLimit?
            if var duration = try body.object("expected") {
                let (unit, n) = try Self.duration(&duration, of: "\"expected\"", "the expected duration", "the expected duration",
                                                  hint: "how long the pause is expected to take")
                try duration.finish()
                expected = TimeLimit(n, unit.timeUnit)
            }
            command = .decide(node: step, decision: decision, actor: actor, comment: try body.optionalText("comment"),
                              defective: try body.strings("defective", maxLength: 200) ?? [], expected: expected)
        case "supplement":
            try caller.require(.intake, to: "hand in materials for applicants")
            guard let materials = try body.strings("materials") else { throw body.missing("materials") }
            command = .supplement(materials: materials, by: actor)
        case "receive":
            command = .receive(actor: actor)
        case "start-special-procedure":
            let reason = try body.requiredString("reason", maxLength: 500)
            // Art. 45: the applicant is told how long it takes.
            let (unit, n) = try Self.duration(&body, of: "a special procedure", "its expected duration", "its expected duration",
                                              hint: "how long it is expected to take")
            // At which step (its role alone ends it); else the first active one whose role the caller holds.
            let step = try body.string("step", maxLength: 200)
            command = .startSpecialProcedure(reason: reason, actor: actor, expected: TimeLimit(n, unit.timeUnit), step: step)
        case "end-special-procedure":
            // Which one, when several steps run their own; else the first the caller may end.
            command = .endSpecialProcedure(actor: actor, step: try body.string("step", maxLength: 200))
        case "extend":
            let (unit, n) = try Self.duration(&body, of: "an extension", "the extension", "an extension", hint: "the unit of the case limit")
            // Art. 42: the applicant is told why the limit is extended.
            let reason = try body.requiredString("reason", maxLength: 500)
            try body.finish()
            // The unit is checked against the case's own limit, once read access is;
            // first whether the flow allows an extension at all, and by whom (the engine checks both again).
            return try await apply(c, caller: caller, caseID: caseID) { machine in
                if let allowance = machine.limits.extensionAllowance {
                    if allowance.allowsNone { throw EngineError.extensionNotAllowed.apiError }
                    if let by = allowance.by, !actor.roles.contains(by) {
                        throw EngineError.actorLacksRoles(actor: actor.id, command: "extend the limit", roles: [by]).apiError
                    }
                }
                do throws(ExtensionUnitMismatch) {
                    return .extend(workdays: try machine.extensionAmount(n, unit), approver: actor, reason: reason)
                } catch {
                    throw APIError(422, "extension-unit", error.description, field: unit.rawValue)
                }
            }
        case "withdraw":
            try caller.require(.intake, to: "withdraw applications")
            command = .withdraw(reason: try body.optionalText("reason", maxLength: 500), by: actor)
        default:
            throw APIError.badBody(
                "unknown action; expected one of decide, supplement, receive, start-special-procedure, end-special-procedure, extend, withdraw",
                field: "type")
        }
        try body.finish()
        return try await apply(c, caller: caller, caseID: caseID, command: command)
    }

    /// `POST /v1/cases/{case}/rating`: 好差评 for a finished case (intake scope: the window's rating pad, the online hall).
    func rate(_ c: RequestContext) async throws -> APIResponse {
        let caller = try c.user
        try caller.require(.intake, to: "record ratings")
        var body = try JSONBody.parse(c.request.body, maxDepth: limits.maxJSONDepth)
        guard let level = try body.int("level") else { throw body.missing("level") }
        guard (1...5).contains(level) else { throw APIError.badBody("a rating is 1 (非常不满意) to 5 (非常满意)", field: "level") }
        let comment = try body.optionalText("comment", maxLength: 2000)
        try body.finish()
        return try await apply(c, caller: caller, caseID: c.param("case"), command: .rate(level: level, comment: comment, by: caller.actor))
    }

    /// `{"workdays": 10}`, `{"days": 3}` or `{"hours": 4}`: exactly one, 1 to 9999
    /// (`what` needs a unit, `noun` is given in one, `bounded` is 1 to 9999 of it; `hint` says what the number is).
    static func duration(_ body: inout JSONBody, of what: String, _ noun: String, _ bounded: String,
                         hint: String) throws(APIError) -> (ExtensionUnit, Int) {
        var given: [(ExtensionUnit, Int)] = []
        for unit in ExtensionUnit.allCases {
            if let n = try body.int(unit.rawValue) { given.append((unit, n)) }
        }
        guard let (unit, n) = given.first else {
            // `{"weeks": 1}` names the key written, not a "workdays" that is not there.
            let units = ExtensionUnit.allCases.map(\.rawValue)
            if body.path.isEmpty == false, let other = body.values.keys.sorted().first(where: { !units.contains($0) }) {
                throw .badBody("unknown unit \"\(other)\" for \(noun); expected one of " + units.map { "\"\($0)\"" }.joined(separator: ", "),
                               field: body.field(other))
            }
            throw .badBody("\(what) needs one of \"workdays\", \"days\", \"hours\" (\(hint))", field: body.field("workdays"))
        }
        guard given.count == 1 else { throw .badBody("give \(noun) in one unit only", field: body.field(given[1].0.rawValue)) }
        guard (1...9999).contains(n) else { throw .badBody("\(bounded) is 1 to 9999 \(unit.rawValue)", field: body.field(unit.rawValue)) }
        return (unit, n)
    }

    /// Applies a command to an existing case in a group transaction, with `If-Match` and `Idempotency-Key`.
    func apply(_ c: RequestContext, caller: Caller, caseID: String, command: Command) async throws -> APIResponse {
        try await apply(c, caller: caller, caseID: caseID) { _ in command }
    }

    /// The same, with the command made from the case's machine (inside the transaction, after the read check).
    func apply(_ c: RequestContext, caller: Caller, caseID: String,
               command make: @escaping @Sendable (Machine) throws -> Command) async throws -> APIResponse {
        let expected = try Self.expectedVersion(c.request)
        let catalog = self.catalog
        let engine = self.engine
        return try await idempotent(c, principal: caller.principal) { batch, now in
            // Read access is checked inside the transaction, on the case as it is.
            let machine = try batch.machine(ofCase: caseID)
            guard caller.mayRead(machine, catalog: catalog) else { throw APIError.notFound("no case \(caseID)") }
            let command = try make(machine)
            if let rule = try SubcaseRule.refusal(of: command, on: machine, parent: { try batch.ancestry(ofCase: caseID) },
                                                  awaitedBelow: { try batch.subcaseAwaiting($0, ofCase: caseID) }) {
                let hint = " (see subcases in GET /v1/cases/\(caseID)); it moves on when that case finishes"
                throw APIError(422, rule.code, rule.message(caseID: caseID, stepHint: hint), field: rule.field)
            }
            // The host rules that read the history, read once. A stale If-Match
            // (409) and a clock behind the case (409) are answered first, by the
            // engine: they see no history then, and refuse nothing.
            var read: [CaseEvent]?
            func history() throws -> [CaseEvent] {
                if let read { return read }
                var events = try batch.events(ofCase: caseID)
                if let expected, expected != events.last?.version { events = [] }
                if let last = events.last, now < last.at { events = [] }
                read = events
                return events
            }
            if let fourEyes = try FourEyesRule.refusal(of: command, on: machine, events: history) { throw fourEyes.apiError }
            // The application's history: its sub-cases (other departments' parts) too.
            if let own = try FollowUpRule.refusal(of: command, events: { try history() + batch.descendants(ofCase: caseID).flatMap(batch.events) }) {
                throw own.apiError
            }
            if let rule = try SupplementRequestRule.refusal(of: command, on: machine, calendar: try engine.calendars.calendar(machine.calendar),
                                                             state: { CaseState.replay(try history()) }, events: history) {
                throw APIError(422, SupplementRequestRule.code, rule.message, field: rule.field)
            }
            if let rule = try SupplementNothingNewRule.refusal(of: command, on: machine, state: { CaseState.replay(try history()) }) {
                throw APIError(422, SupplementNothingNewRule.code, rule.message, field: "materials")
            }
            if let rule = try DecisionReasonRule.refusal(of: command, on: machine, state: { CaseState.replay(try history()) }) {
                throw APIError(422, DecisionReasonRule.code, rule.message, field: "comment")
            }
            if let rule = try StatedReasonRule.refusal(of: command, on: machine, state: { CaseState.replay(try history()) }) {
                throw APIError(422, StatedReasonRule.code, rule.message, field: "reason")
            }
            if let rule = try PauseDurationRule.refusal(of: command, on: machine, state: { CaseState.replay(try history()) }) {
                throw APIError(422, PauseDurationRule.code, rule.message, field: "expected")
            }
            let update: CaseUpdate
            do {
                update = try batch.apply(caseID, command, expectedVersion: expected, at: now)
            } catch CaseEngineError.engine(.materialsMissing(let node, let ids)) {
                throw Self.materialsMissing(node, ids, machine)
            }
            let calendar = try engine.calendars.calendar(machine.calendar)
            return .render {
                let view = CaseView(state: update.state, machine: machine, calendar: calendar, catalog: catalog, at: now)
                return .json(200, view, headers: ["etag": "\"\(update.version)\""])
            }
        }
    }

    /// 422 `materials-missing` as the window reads it: each material by its
    /// title with its id (`居住证 (residence-permit)`), ids in `missing` and
    /// titles in `missingTitles`.
    static func materialsMissing(_ node: String, _ ids: [String], _ machine: Machine) -> APIError {
        let titles = ids.map { id in machine.materials.first { $0.id == id }?.title ?? id }
        let named = zip(titles, ids).map { "\($0) (\($1))" }.joined(separator: ", ")
        return APIError(422, "materials-missing", "step \"\(node)\" needs \(named)",
                        details: ["missing": .array(ids.map(JSONValue.string)), "missingTitles": .array(titles.map(JSONValue.string))])
    }

    /// Runs `work` in the next group transaction. With an `Idempotency-Key`,
    /// the first successful answer is stored in that same transaction, and a
    /// retry gets it back (`Idempotent-Replayed: true`) without running again.
    func idempotent(_ c: RequestContext, principal: Principal,
                    _ work: @escaping @Sendable (CaseBatch, Instant) throws -> Committed) async throws -> APIResponse {
        let key = c.request.header("idempotency-key")
        // Counted in code points, as the OpenAPI file's maxLength counts.
        if let key, key.isEmpty || key.unicodeScalars.count > 200 {
            throw APIError(400, "bad-header", "Idempotency-Key must be 1–200 characters", field: "Idempotency-Key")
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(c.request.method) \(c.request.path)\n".utf8))
        hasher.update(data: c.request.body)
        let requestHash = Data(hasher.finalize())
        let clock = self.clock
        do {
            return try await committer.run { batch -> Committed in
                if let key, let stored = try batch.storedResponse(principal: principal.id, key: key) {
                    guard stored.requestHash == requestHash else {
                        throw APIError(422, "idempotency-key-reused", "Idempotency-Key \(key) was used for another request")
                    }
                    return .ready(Self.replay(stored))
                }
                let now = clock.now()
                let result = try work(batch, now)
                guard let key else { return result }
                // The answer a retry gets back is part of the command's transaction.
                let response = result.response
                try batch.store(StoredResponse(requestHash: requestHash, status: response.status, body: response.body),
                                principal: principal.id, key: key, at: now)
                return .ready(response)
            }.response
        } catch let error as CaseEngineError {
            throw error.apiError
        }
    }

    static func replay(_ stored: StoredResponse) -> APIResponse {
        var headers = ["content-type": "application/json; charset=utf-8", "idempotent-replayed": "true"]
        if case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: stored.body) {
            if case .int(let v)? = o["version"] { headers["etag"] = "\"\(v)\"" }
            if stored.status == 201, case .string(let id)? = o["id"] { headers["location"] = "/v1/cases/\(id)" }
        }
        return APIResponse(status: stored.status, headers: headers, body: stored.body)
    }

    /// `If-Match: "7"` (or `7`, `W/"7"`): the case version the caller saw; `*` or none: no check.
    static func expectedVersion(_ request: APIRequest) throws -> Int? {
        guard let raw = request.header("if-match")?.trimmingBlanks(), raw != "*" else { return nil }
        var text = raw
        // `W/` only before a quoted version: `W/7` is no entity tag.
        if text.hasPrefix("W/\"") { text = text.dropFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        // An entity tag is compared as written: "007" is not the ETag "7".
        guard let v = WholeNumber.parse(text) else {
            throw APIError(400, "bad-header", "If-Match must be the case version, e.g. \"3\"", field: "If-Match")
        }
        return v
    }
}
