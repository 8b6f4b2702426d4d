import Foundation
import ShenpiCalendar
import ShenpiStore

extension API {
    static let reportParameters: Set = ["from", "to", "callback-day", "untouched-after", "follow-up-within", "at", "sample-seed", "format"]

    /// `GET /v1/report?from=&to=&untouched-after=&follow-up-within=&callback-day=&at=&sample-seed=&format=`: the supervision
    /// report (supervise scope), as JSON or, with `format=text`, the Chinese text `shenpi report` prints: a supervisor
    /// away from the server reads the same pages.
    func report(_ c: RequestContext) throws -> APIResponse {
        try c.user.require(.supervise, to: "read the supervision report")
        // A misspelt parameter would silently give another report than asked for.
        if let unknown = c.request.query.keys.sorted().first(where: { !Self.reportParameters.contains($0) }) {
            throw APIError(400, "bad-query", "unknown parameter \(unknown); expected one of \(Self.reportParameters.sorted().joined(separator: ", "))",
                           field: unknown)
        }
        let format = c.request.query["format"] ?? "json"
        guard format == "json" || format == "text" else {
            throw APIError(400, "bad-query", "format is json or text, found \(format)", field: "format")
        }
        var options = SupervisionOptions()
        // The center's thresholds (registry.yaml, `supervision:`), unless the query says otherwise.
        if let t = catalog.untouchedAfter { options.untouchedAfter = t }
        if let t = catalog.followUpWithin { options.followUpWithin = t }
        options.from = try Self.date(c.request.query["from"], "from")
        options.to = try Self.date(c.request.query["to"], "to")
        options.callbackDay = try Self.date(c.request.query["callback-day"], "callback-day")
        if let f = options.from, let t = options.to, f > t { throw APIError(400, "bad-query", "from \(f) is after to \(t)", field: "from") }
        for (name, keyPath) in [("untouched-after", \SupervisionOptions.untouchedAfter), ("follow-up-within", \.followUpWithin)] {
            guard let text = c.request.query[name] else { continue }
            guard let limit = SupervisionOptions.threshold(text) else {
                throw APIError(400, "bad-query", "\(name) is N workdays or N days, N from 0 to 9999 (3, 3 workdays, 5 days), found \(text)",
                               field: name)
            }
            options[keyPath: keyPath] = limit
        }
        let now = clock.now()
        options.at = now
        if let text = c.request.query["at"] {
            guard let instant = Instant(iso: text) else {
                throw APIError(400, "bad-query", "expected an instant like 2025-09-30T17:00 (or a date) for at, found \(text)", field: "at")
            }
            // The store is as it is now: a later instant would count today's
            // running cases as if nobody acted until then.
            guard instant <= now else {
                throw APIError(400, "bad-query", "at \(instant.shortDescription) is after now (\(now.shortDescription)): a report reads the store as it stands, so it cannot be judged later than now",
                               field: "at")
            }
            options.at = instant
        }
        if let text = c.request.query["sample-seed"] {
            guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let seed = UInt64(text) else {
                throw APIError(400, "bad-query", "sample-seed is a whole number from 0 to 18446744073709551615", field: "sample-seed")
            }
            options.sampleSeed = seed
        }
        // Late steps are the role's department's, as the catalog's registry says.
        options.roleDepartments = catalog.roleDepartments
        (options.roleTitles, options.departmentTitles) = (catalog.roleTitles, catalog.departments)
        let report = try SupervisionReport.build(engine.database.writer, calendars: engine.calendars, options: options)
        warnUnreadable(report.unreadable)
        if format == "text" { return .text(200, report.text, contentType: "text/plain; charset=utf-8") }
        return .text(200, report.json, contentType: "application/json; charset=utf-8")
    }

    static func date(_ text: String?, _ name: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard text.count == 10, let d = CivilDate(iso: text) else {
            throw APIError(400, "bad-query", "expected a date like 2025-09-26, found \(text)", field: name)
        }
        return d
    }

    /// `GET /v1/tokens` (admin).
    func listTokens(_ c: RequestContext) throws -> APIResponse {
        try c.user.require(.admin, to: "manage tokens")
        return .json(200, ["tokens": try tokens.all().map { TokenView($0) }])
    }

    /// `POST /v1/tokens` (admin): `{name, department, roles, scopes}`; the
    /// answer carries the secret, the only time it is ever shown.
    func createToken(_ c: RequestContext) throws -> APIResponse {
        try c.user.require(.admin, to: "manage tokens")
        var body = try JSONBody.parse(c.request.body, maxDepth: limits.maxJSONDepth)
        let name = try body.requiredString("name", maxLength: 100)
        if let problem = TokenStore.nameProblem(name) { throw APIError.badBody(problem, field: "name") }
        let department = try body.string("department", maxLength: 100)
        let roles = try body.strings("roles") ?? []
        let scopeNames = try body.strings("scopes") ?? []
        try body.finish()
        let catalog = self.catalog
        if let department, catalog.departments[department] == nil {
            throw APIError(422, "unknown-department", "no department \(department) in the registry", field: "department")
        }
        for (i, role) in roles.enumerated() {
            guard let home = catalog.roleDepartments[role] else {
                throw APIError(422, "unknown-role", "no role \(role) in the registry", field: "roles[\(i)]")
            }
            guard home == department else {
                throw APIError(422, "role-outside-department", "role \(role) belongs to department \(home), not \(department ?? "none")",
                               field: "roles[\(i)]")
            }
        }
        var scopes: [Scope] = []
        for (i, s) in scopeNames.enumerated() {
            guard let scope = Scope(rawValue: s) else {
                throw APIError.badBody("unknown scope; expected admin, intake or supervise", field: "scopes[\(i)]")
            }
            scopes.append(scope)
        }
        do {
            let (principal, secret) = try tokens.create(name: name, department: department, roles: roles, scopes: scopes, at: clock.now())
            return .json(201, TokenView(principal, token: secret))
        } catch let e as TokenError {
            if case .badName(let problem) = e { throw APIError.badBody(problem, field: "name") }
            throw APIError(409, "name-taken", e.description, field: "name")
        }
    }

    /// `DELETE /v1/tokens/{token}` (admin): revokes at once; the user's history stays.
    func revokeToken(_ c: RequestContext) throws -> APIResponse {
        let caller = try c.user
        try caller.require(.admin, to: "manage tokens")
        // A secret pasted where the id belongs revokes the token it is the
        // secret of: it has just been sent in a URL, which proxies log.
        let given = c.param("token")
        let id = given.hasPrefix(TokenStore.secretPrefix) ? TokenStore.id(ofSecret: given) : given
        guard try tokens.revoke(id: id, at: clock.now()) else { throw APIError.notFound("no active token \(Masking.mask(given))") }
        tokenCache.mutate {
            $0.entries.removeAll()
            $0.generation += 1
        }
        return APIResponse(status: 204)
    }
}
