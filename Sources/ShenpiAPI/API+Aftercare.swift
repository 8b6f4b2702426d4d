import ShenpiEngine
import ShenpiMachine
import ShenpiStore

/// After a case finished: a 差评's follow-up and the callbacks (回访).
extension API {
    /// `POST /v1/cases/{case}/follow-up`: what came of a 差评 (核实、整改、反馈),
    /// recorded once (again after a dissatisfied callback about it). By the
    /// supervision office (supervise scope) or, 谁办理谁负责, an officer of a
    /// department that handles the flow (`followUpDepartments`) who holds one
    /// of its roles (not a token without one, such as a rating pad), and did
    /// not act on the case (`FollowUpRule`).
    func followUp(_ c: RequestContext) async throws -> APIResponse {
        let caller = try c.user
        var body = try JSONBody.parse(c.request.body, maxDepth: limits.maxJSONDepth)
        let word = try body.requiredString("result", maxLength: 64)
        guard let result = FollowUpResult(rawValue: word) else {
            throw APIError.badBody("unknown result; expected one of rectified (已整改并反馈), unfounded (核实不属实，已说明)", field: "result")
        }
        // What was done or told the applicant: required, like a refusal's reason.
        let comment = try body.requiredString("comment", maxLength: 2000)
        try body.finish()
        let actor = caller.actor
        let catalog = self.catalog
        return try await apply(c, caller: caller, caseID: c.param("case")) { machine in
            let principal = caller.principal
            // The lead department and those that review or decide in it (a parallel
            // branch's refusal is its own), not the intake window's: a window
            // officer closing any flow's 差评 would answer for work not theirs
            // (also where the window's department issues the result).
            let roles = machine.tables.handlingRoles
            let departments = Self.followUpDepartments(machine, catalog: catalog)
            // The roles the flow tells of a complaint (negative-rating-to) are asked to answer it.
            guard principal.has(.supervise) || principal.has(.admin)
                || (principal.department.map(departments.contains) == true && !caller.roles.isDisjoint(with: roles))
                || !caller.roles.isDisjoint(with: machine.negativeRatingTo ?? [])
            else {
                throw APIError.forbidden("\(principal.name) may not follow up this case: it needs the supervise scope, "
                                         + "or to be an officer of a department of its flow (\(departments.sorted().joined(separator: ", "))) with a role of its steps after the intake "
                                         + "(\(roles.sorted().joined(separator: ", "))), "
                                         + "or to hold a role its complaints are sent to (negative-rating-to)")
            }
            return .followUp(result: result, comment: comment, actor: actor)
        }
    }

    /// `POST /v1/cases/{case}/callback`: a callback (回访) to the applicant of
    /// a finished case, by the supervision office (supervise scope). Not
    /// reached may be recorded again; once reached, it is done.
    func callBack(_ c: RequestContext) async throws -> APIResponse {
        let caller = try c.user
        try caller.require(.supervise, to: "record callbacks")
        var body = try JSONBody.parse(c.request.body, maxDepth: limits.maxJSONDepth)
        let word = try body.requiredString("result", maxLength: 64)
        guard let result = CallbackResult(rawValue: word) else {
            throw APIError.badBody("unknown result; expected one of satisfied (满意), dissatisfied (不满意), unreachable (未接通)", field: "result")
        }
        let comment = try body.optionalText("comment", maxLength: 2000)
        // What a dissatisfied applicant said is what the center follows up.
        if result == .dissatisfied, comment == nil { throw body.missing("comment") }
        try body.finish()
        return try await apply(c, caller: caller, caseID: c.param("case"), command: .callBack(result: result, comment: comment, actor: caller.actor))
    }

    /// The departments whose officers may record a 差评's follow-up: the flow's
    /// own, and those of the roles that handle it after the window
    /// (`MachineTables.handlingRoles`).
    static func followUpDepartments(_ machine: Machine, catalog: FlowCatalog) -> Set<String> {
        Set(machine.tables.handlingRoles.compactMap { catalog.roleDepartments[$0] }).union([machine.department])
    }
}
