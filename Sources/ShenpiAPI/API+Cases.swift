import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiStore

extension API {
    /// `POST /v1/cases`: a new case from an application (intake scope).
    func submit(_ c: RequestContext) async throws -> APIResponse {
        let caller = try c.user
        try caller.require(.intake, to: "submit applications")
        var body = try JSONBody.parse(c.request.body, maxDepth: limits.maxJSONDepth)
        let flowID = try body.requiredString("flow", maxLength: 200)
        let requestedID = try body.string("id", maxLength: 64)
        let channelText = try body.string("channel") ?? "window"
        guard let channel = Channel(rawValue: channelText) else { throw APIError.badBody("expected window or online", field: "channel") }
        let materials = try body.strings("materials") ?? []
        var fieldsBody = try body.object("fields") ?? JSONBody(path: "fields", values: [:])
        try body.finish()
        let catalog = self.catalog
        guard let flow = catalog.flows[flowID] else {
            throw APIError(422, "unknown-flow", "no flow \(flowID); known: \(catalog.flows.keys.sorted().joined(separator: ", "))", field: "flow")
        }
        let fields = FieldHygiene.normalized(try FieldReader.read(&fieldsBody, machine: flow.machine), of: flow.machine)
        try fieldsBody.finish()
        if let requestedID { try Self.checkCaseID(requestedID) }
        let caseID = requestedID ?? Self.newCaseID(at: clock.now())
        // Recorded for the user who entered it (步步留痕): the window officer, the online hall.
        let command = Command.submit(fields: fields, materials: materials, channel: channel, by: caller.actor)
        let calendar = try engine.calendars.calendar(flow.machine.calendar)
        return try await idempotent(c, principal: caller.principal) { batch, now in
            // A 422 like the engine's own: after the body's 400s and the key's replay.
            if let blank = BlankFields.first(in: fields, of: flow.machine) {
                throw APIError(422, "invalid-field", "field \"\(blank)\": \(BlankFields.reason)", field: "fields." + blank)
            }
            if let (field, reason) = FieldHygiene.problem(in: fields, of: flow.machine, today: now.date) {
                throw APIError(422, "invalid-field", "field \"\(field)\": \(reason)", field: "fields." + field)
            }
            let update = try batch.open(caseID, machine: .fingerprint(flow.machine.fingerprint), submit: command, at: now)
            return .render {
                var view = CaseView(state: update.state, machine: flow.machine, calendar: calendar, catalog: catalog, at: now)
                view.channel = channel.rawValue
                return .json(201, view, headers: ["etag": "\"\(update.version)\"", "location": "/v1/cases/\(caseID)"])
            }
        }
    }

    /// `GET /v1/cases/{case}`: the case with its history and notifications.
    func readCase(_ c: RequestContext) throws -> APIResponse {
        let caller = try c.user
        let record: CaseRecord
        do {
            record = try engine.case(c.param("case"))
        } catch CaseEngineError.notFound {
            throw APIError.notFound("no case \(c.param("case"))")
        } catch CaseEngineError.damagedSnapshot(let id) {
            // Named only to those who may read the case; to others it does not exist.
            guard let machine = try engine.machine(ofCase: id), caller.mayRead(machine, catalog: catalog) else {
                throw APIError.notFound("no case \(id)")
            }
            throw CaseEngineError.damagedSnapshot(id)
        }
        let machine = try engine.machine(record.fingerprint)
        // Not 403: whether a case exists is itself not for everyone.
        guard caller.mayRead(machine, catalog: catalog) else { throw APIError.notFound("no case \(c.param("case"))") }
        var view = CaseView(state: record.state, machine: machine, calendar: try engine.calendars.calendar(machine.calendar),
                            catalog: catalog, at: clock.now(), history: record.history, notifications: try outbox.messages(caseID: record.id))
        // Links only to cases the caller may read.
        let links = try engine.links(ofCase: record.id)
        let readable = (links.parent.map { [$0] } ?? []) + links.subcases
        let visible = try readable.filter { caller.mayRead(try engine.machine($0.fingerprint), catalog: catalog) }
        view.parent = links.parent.flatMap { p in visible.contains(p) ? CaseLinkView(p) : nil }
        let subcases = links.subcases.filter(visible.contains).map(CaseLinkView.init)
        view.subcases = subcases.isEmpty ? nil : subcases
        return .json(200, view, headers: ["etag": "\"\(record.version)\""])
    }

    /// `GET /v1/cases?status=&department=&colour=&flow=`.
    func listCases(_ c: RequestContext) throws -> APIResponse {
        let caller = try c.user
        let q = c.request.query
        var status: CaseStatusFilter?
        if let s = q["status"] {
            let names = ["new": CaseStatusFilter.new, "pre-submitted": .preSubmitted, "active": .active, "finished": .finished]
            guard let f = names[s] else { throw APIError(400, "bad-query", "status must be one of new, pre-submitted, active, finished", field: "status") }
            status = f
        }
        var colour: ClockColour?
        if let a = q["colour"], let b = q["color"], a != b {
            throw APIError(400, "bad-query", "colour=\(a) and color=\(b) disagree; give one of them", field: "colour")
        }
        if let s = q["colour"] ?? q["color"] {
            guard let f = ClockColour(rawValue: s) else { throw APIError(400, "bad-query", "colour must be one of normal, yellow, red", field: "colour") }
            colour = f
        }
        let department = q["department"]
        let limit = try Self.count(q["limit"], "limit", default: 100, range: 1...1000)
        let offset = try Self.count(q["offset"], "offset", default: 0, range: 0...Int(Int32.max))
        let catalog = self.catalog
        if let flow = q["flow"], catalog.flows[flow] == nil, try !engine.deployments().contains(where: { $0.workflow == flow }) {
            throw APIError(400, "bad-query", "no flow \(flow)", field: "flow")
        }
        if let department, catalog.departments[department] == nil {
            throw APIError(400, "bad-query", "no department \(department) in the registry", field: "department")
        }
        // The machines whose cases the caller may see under these filters: SQL does the rest.
        var fingerprints: Set<String> = []
        for deployment in try engine.deployments() where q["flow"].map({ $0 == deployment.workflow }) ?? true {
            let machine = try engine.machine(deployment.fingerprint)
            guard caller.mayRead(machine, catalog: catalog) else { continue }
            if let department, !catalog.departments(of: machine).contains(department) { continue }
            fingerprints.insert(deployment.fingerprint)
        }
        var damaged: [String] = []
        let listing = try engine.cases(
            CaseQuery(status: status, colour: colour, fingerprints: fingerprints, limit: limit, offset: offset), at: clock.now(),
            unreadable: { id, _ in damaged.append(id) })
        warnUnreadable(damaged)
        let next = offset + limit < listing.total ? offset + limit : nil
        return .json(200, CasePage(cases: listing.cases.map(CaseSummaryView.init), total: listing.total, next: next,
                                   unreadable: damaged.isEmpty ? nil : damaged))
    }

    /// `GET /v1/queue?limit=&offset=`: active steps of the caller's roles,
    /// oldest first, a page at a time.
    func queue(_ c: RequestContext) throws -> APIResponse {
        let caller = try c.user
        let q = c.request.query
        let limit = try Self.count(q["limit"], "limit", default: 100, range: 1...1000)
        let offset = try Self.count(q["offset"], "offset", default: 0, range: 0...Int(Int32.max))
        // Only cases whose index rows name the caller's roles reach here.
        var unreadable: [String] = []
        let queue = try engine.workQueue(roles: caller.roles, limit: limit, offset: offset, unreadable: { id, _ in unreadable.append(id) })
        warnUnreadable(unreadable)
        let next = offset + limit < queue.total ? offset + limit : nil
        let now = clock.now()
        var calendars: [String: WorkingCalendar?] = [:]
        let items = queue.items.map { item in
            if calendars[item.calendar] == nil { calendars[item.calendar] = .some(try? engine.calendars.calendar(item.calendar)) }
            return WorkItemView(item, at: now, calendar: calendars[item.calendar] ?? nil)
        }
        return .json(200, WorkQueuePage(items: items, total: queue.total, next: next, unreadable: unreadable.isEmpty ? nil : unreadable))
    }

    /// Damaged cases are left out of listings and named in the answer
    /// (`unreadable`) and the log, for `shenpi audit verify`.
    func warnUnreadable(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        logger.warning("cases left out of a listing or report: their snapshots do not decode (run shenpi audit verify)",
                       metadata: ["cases": .string(Masking.mask(ids.joined(separator: ",")))])
    }

    /// A non-negative count from the query (`limit`, `offset`).
    static func count(_ text: String?, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let n = WholeNumber.parse(text), range.contains(n) else {
            throw APIError(400, "bad-query", "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return n
    }

    static func checkCaseID(_ id: String) throws {
        guard CaseID.isValid(id) else { throw APIError.badBody(CaseID.rule, field: "id") }
    }

    /// `20250926-3f9a1c2b`: the day of submission and a random part.
    static func newCaseID(at now: Instant) -> String {
        let d = now.date.description.replacingOccurrences(of: "-", with: "")
        return d + "-" + String(format: "%08x", UInt32.random(in: 0...UInt32.max))
    }
}

/// One page of a listing: `next` is the `offset` of the next page, absent on the last.
struct CasePage: Encodable {
    var cases: [CaseSummaryView]
    var total: Int
    var next: Int?
    /// Cases of this page left out because their stored snapshot does not decode.
    var unreadable: [String]?
}

/// `GET /v1/queue`.
struct WorkQueuePage: Encodable {
    var items: [WorkItemView]
    /// Items in the whole queue; `next` is the `offset` of the next page.
    var total: Int
    var next: Int?
    /// Cases of this page left out because their stored snapshot does not decode.
    var unreadable: [String]?
}

struct CaseSummaryView: Encodable {
    var id: String
    var flow: String
    var status: String
    var version: Int
    var acceptedAt: Instant?
    var dueAt: Instant?
    var finishedAt: Instant?
    var colour: String

    init(_ s: CaseSummary) {
        id = s.id
        flow = s.workflow
        status = s.status.apiName
        version = s.version
        acceptedAt = s.acceptedAt
        dueAt = s.dueAt
        finishedAt = s.finishedAt
        colour = s.colour.rawValue
    }
}

struct WorkItemView: Encodable {
    var caseId: String
    var flow: String
    var step: String
    var title: String
    var role: String
    var enteredAt: Instant
    var awaitingApplicant: Bool
    var stepDue: Instant?
    var caseDue: Instant?
    /// The step's and the case's clock colours now (`normal`, `yellow`,
    /// `red`); absent without that clock (no step limit, waiting for the
    /// applicant, not yet accepted).
    var stepColour: String?
    var caseColour: String?
    /// The legal limit beside the case clock (法定时限): its due and colour
    /// now, so the unlawfully late (red) come first among the late; absent
    /// for a flow without one (`legal: none`) or a case not yet accepted.
    var legalDue: Instant?
    var legalColour: String?
    /// Why the case clock is stopped (a special procedure's reason, a
    /// flow's pause: 专家评审), so the queue says the case is waiting on it.
    var clockStoppedFor: String?
    /// What the step still needs before it can be decided onward (ids), so
    /// the officer sees it without opening the case.
    var missingMaterials: [String]
    /// The case's fees, as `GET /v1/cases/{id}` shows them; absent for a flow without fees.
    var fees: [CaseView.FeeView]?
    var caseVersion: Int

    init(_ w: WorkItem, at now: Instant, calendar: WorkingCalendar?) {
        caseId = w.caseID
        flow = w.workflow
        step = w.node
        title = w.title
        role = w.role
        enteredAt = w.enteredAt
        awaitingApplicant = w.awaitingApplicant
        stepDue = w.stepDue
        caseDue = w.caseDue
        caseVersion = w.caseVersion
        stepColour = w.stepClock.map { Self.colour($0, at: now, calendar: calendar) }
        caseColour = w.caseClock.map { Self.colour($0, at: now, calendar: calendar) }
        if let calendar, let limits = w.limits, let legal = w.caseClock?.legalLimit(limits, calendar: calendar, at: now, rules: w.rules) {
            legalDue = legal.due
            legalColour = legal.level.colourName
        }
        // From the case, not the clock: the clock keeps the reason it stopped
        // for while a flow pause outlasts the special procedure it began in.
        clockStoppedFor = w.clockStoppedFor
        missingMaterials = w.missingMaterials
        fees = w.fees.isEmpty ? nil : w.fees.map(CaseView.FeeView.init)
    }

    /// On the flow's calendar; without it (a catalog calendar gone), from the recorded instants.
    static func colour(_ clock: ClockRecord, at now: Instant, calendar: WorkingCalendar?) -> String {
        (calendar.map { clock.colour(at: now, calendar: $0) } ?? clock.recordedColour(at: now)).rawValue
    }
}
