import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiStore

/// A case as the API shows it: where it stands, its clocks with colour,
/// what is missing, and (when read alone) its whole history.
struct CaseView: Encodable {
    struct Clock: Encodable {
        var limit: String
        var due: Instant?
        var warnAt: Instant?
        var colour: String
        var pausedFor: String?
        var completedAt: Instant?
    }
    /// The law's limit (法定时限) beside the clock, which runs on the promise
    /// when the flow has one: the same start, stops and extensions.
    struct LegalLimitClock: Encodable {
        /// As the flow writes it, like `clock.limit`.
        var limit: String
        /// What extensions added (Art. 42 extends the legal limit); absent for none.
        var extended: String?
        var due: Instant?
        var warnAt: Instant?
        /// `normal`, `yellow` (within the flow's `warn-before` of it), `red` (违法超期).
        var colour: String
        /// Present (true) when counted past the calendar's data.
        var provisional: Bool?
    }
    /// What is left of the flow's `limits.extension` (Art. 42): absent for a
    /// flow without one; `max` 0 for `extension: none`.
    struct Extension: Encodable {
        var by: String?
        var count: Int
        var left: Int
        var max: Int
        var times: Int?
        var unit: String
        var used: Int
    }
    struct ActiveStep: Encodable {
        var step: String
        var title: String
        var kind: String
        var role: String?
        var department: String?
        var enteredAt: Instant
        var awaitingApplicant: Bool
        var due: Instant?
        var warnAt: Instant?
        /// The step clock's colour now; absent without a step clock.
        var colour: String?
        var missingMaterials: [String]
        var decisions: [String]?
        /// Decisions the case cannot take now: an `extend:` past what the
        /// flow's `limits.extension` leaves (422 `extension-exceeded`).
        var unavailable: [String]?
    }
    struct HistoryEntry: Encodable {
        var seq: Int
        var version: Int
        var at: Instant
        var actor: String
        var automatic: Bool
        var type: String
        var detail: JSONValue?
        var hash: String
    }
    /// A fee of the case (`fees:` in the flow): the amount in yuan, or why
    /// the fields do not give one yet.
    struct FeeView: Encodable {
        var id: String
        var title: String
        var amount: JSONValue?
        var basis: String?
        var unavailable: String?

        init(id: String, title: String, amount: JSONValue?, basis: String?, unavailable: String?) {
            (self.id, self.title, self.amount, self.basis, self.unavailable) = (id, title, amount, basis, unavailable)
        }

        /// Yuan as a whole number when there are no fen, as the flow's amounts are written.
        init(_ fee: CaseFee) {
            let amount: JSONValue? = fee.fen.map { $0 % 100 == 0 ? .int($0 / 100) : .double(Double($0) / 100) }
            self.init(id: fee.id, title: fee.title, amount: amount, basis: fee.basis, unavailable: fee.unavailable)
        }
    }
    struct NotificationView: Encodable {
        var deliveryId: String
        var recipient: String
        var text: String
        var status: String
        var attempts: Int
        var lastError: String?
        var createdAt: Instant
    }

    var id: String
    var flow: String
    var flowVersion: Int
    var fingerprint: String
    var status: String
    var outcome: String?
    var version: Int
    var channel: String?
    var receivedAt: Instant?
    var acceptedAt: Instant?
    var deemedAccepted: Bool
    var finishedAt: Instant?
    var onTime: Bool?
    var clock: Clock?
    var legalClock: LegalLimitClock?
    var `extension`: Extension?
    var specialProcedure: String?
    /// Rules 5: every special procedure in progress, each with the step it
    /// began at, whose role ends it.
    var specialProcedures: [SpecialProcedureHold]?
    var paused: String?
    var activeSteps: [ActiveStep]
    var awaitingSupplement: [String]
    var materials: [String]
    var fields: [String: JSONValue]
    /// Absent for a flow without fees.
    var fees: [FeeView]?
    var rating: RatingView?
    /// The latest callback (回访) attempt's result.
    var callback: String?
    /// The latest follow-up, of a 差评 or of a dissatisfied callback (also
    /// under `rating` when the case was rated).
    var followUp: FollowUp?
    var notifications: [NotificationView]?
    var history: [HistoryEntry]?
    /// The case whose call step opened this one (a sub-case, 子办件).
    var parent: CaseLinkView?
    /// The sub-cases this case's call steps opened.
    var subcases: [CaseLinkView]?

    init(state: CaseState, machine: Machine, calendar: WorkingCalendar, catalog: FlowCatalog, at now: Instant,
         history: [RecordedEvent]? = nil, notifications: [OutboxMessage]? = nil) {
        id = state.id
        flow = machine.workflow
        flowVersion = machine.version
        fingerprint = machine.fingerprint
        status = state.status.apiName
        outcome = state.outcome
        version = state.version
        receivedAt = state.receivedAt
        acceptedAt = state.acceptedAt
        deemedAccepted = state.deemedAccepted
        finishedAt = state.finishedAt
        onTime = state.onTime
        if let record = state.caseClock {
            // The reason from the case: the clock keeps the one it stopped for
            // while a flow pause outlasts the special procedure it began in.
            let pausedFor = record.pausedFor.map { state.specialProcedure ?? state.flowPause ?? $0 }
            clock = Clock(limit: record.limit.description, due: record.due, warnAt: record.warnAt,
                          colour: state.colour(at: now, calendar: calendar).rawValue, pausedFor: pausedFor,
                          completedAt: record.completedAt)
        }
        if let legal = state.legalLimit(machine, calendar: calendar, at: now) {
            legalClock = LegalLimitClock(limit: legal.limit.description,
                                         extended: legal.extended > 0 ? TimeLimit(legal.extended, legal.limit.unit).description : nil,
                                         due: legal.due, warnAt: legal.warnAt,
                                         colour: legal.level.colourName,
                                         provisional: legal.provisional ? true : nil)
        }
        if let a = machine.limits.extensionAllowance {
            let max = a.max.clockUnits, (used, count) = state.caseClock?.extensions ?? (0, 0)
            let spent = a.times.map { count >= $0 } ?? false
            `extension` = Extension(by: a.by, count: count, left: spent ? 0 : Swift.max(0, max.amount - used), max: max.amount,
                                    times: a.times, unit: max.unit.rawValue, used: used)
        }
        // A case that finishes during a pause keeps its reason in the state
        // (the engine never clears it); nothing is in progress any more.
        if state.outcome == nil {
            specialProcedure = state.specialProcedure
            specialProcedures = state.specialProcedures
            paused = state.flowPause
        }
        let extensionLeft = `extension`?.left
        activeSteps = state.tokens.map { token in
            let node = machine.nodes[token.node]
            var step = ActiveStep(step: node.id, title: node.title, kind: "task", enteredAt: token.enteredAt,
                                  awaitingApplicant: token.awaitingApplicant, due: token.clock?.due ?? token.waitEnds,
                                  warnAt: token.clock?.warnAt, colour: token.clock?.colour(at: now, calendar: calendar).rawValue,
                                  missingMaterials: [])
            switch node.kind {
            case .task(let t):
                step.role = t.role
                step.department = catalog.roleDepartments[t.role]
                step.decisions = t.transitions.map(\.name)
                if let left = extensionLeft {
                    let past = t.transitions.filter { $0.extend.map { $0.clockUnits.amount > left } ?? false }.map(\.name)
                    step.unavailable = past.isEmpty ? nil : past
                }
                step.missingMaterials = state.missingMaterials(atNode: token.node, machine: machine, calendar: calendar)
            case .wait: step.kind = "wait"
            case .call: step.kind = "call"
            case .parallel: step.kind = "parallel"
            case .route: step.kind = "route"
            }
            return step
        }
        awaitingSupplement = state.awaitingSupplement
        materials = Array(state.submitted).filter { $0 < machine.materials.count }.map { machine.materials[$0].id }
        fields = state.fields.mapValues(Self.json)
        if !machine.tables.fees.isEmpty {
            fees = machine.tables.fees(fields: state.fields, submitted: state.submitted, on: state.feeDay(now: now)).map(FeeView.init)
        }
        rating = state.rating.map { RatingView(level: $0.level, comment: $0.comment, followUp: state.followUp) }
        callback = state.callback?.rawValue
        followUp = state.followUp
        for recorded in history ?? [] {
            if case .submitted(_, _, _, _, let ch, _) = recorded.event.fact { channel = ch.rawValue }
        }
        self.notifications = notifications?.map {
            NotificationView(deliveryId: $0.deliveryID, recipient: $0.recipient, text: $0.text, status: $0.status,
                             attempts: $0.attempts, lastError: $0.lastError, createdAt: $0.createdAt)
        }
        self.history = history?.map { recorded in
            let (type, detail) = Self.describe(recorded.event.fact, machine: machine)
            return HistoryEntry(seq: recorded.seq, version: recorded.event.version, at: recorded.event.at, actor: recorded.event.actor,
                                automatic: recorded.event.automatic, type: type, detail: detail, hash: recorded.hash)
        }
    }

    static func json(_ value: FieldValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .integer(let n): return .int(n)
        case .number(let x): return .double(x)
        case .boolean(let b): return .bool(b)
        case .date(let d): return .string(d.description)
        case .list(let items): return .array(items.map(json))
        }
    }

    /// A fact as `(type, detail)`: its Codable form is `{"decided": {…}}`,
    /// with field values unwrapped, material indexes and steps named, and
    /// clock events saying which clock (`case`, or `step` and its `token`).
    static func describe(_ fact: Fact, machine: Machine) -> (String, JSONValue?) {
        guard let data = try? JSONEncoder().encode(fact), let value = try? JSONDecoder().decode(JSONValue.self, from: data),
            case .object(let object) = value, let (key, detail) = object.first
        else { return ("event", nil) }
        if case .object(let fields) = detail, fields.isEmpty { return (key, nil) }
        var plain = unwrap(detail)
        // Material indexes by id; a request's `returned` as the `defective` the officer named.
        for (from, to) in [("materials", "materials"), ("returned", "defective")] {
            guard case .object(var o) = plain, case .array(let indexes)? = o.removeValue(forKey: from) else { continue }
            o[to] = .array(indexes.map { item in
                if case .int(let i) = item, i >= 0, i < machine.materials.count { return .string(machine.materials[i].id) }
                return item
            })
            plain = .object(o)
        }
        switch (key, plain) {
        case ("entered", .object(var o)):
            // The step by its id, as `decided` names it.
            if case .int(let n)? = o["node"], machine.nodes.indices.contains(n) { o["node"] = .string(machine.nodes[n].id) }
            plain = .object(o)
        case ("clockStarted", .array(let parts)) where parts.count == 2:
            // [clock, record] → the record, with the clock named.
            guard case .object(var o) = parts[1] else { break }
            for (k, v) in clock(parts[0]) { o[k] = v }
            plain = .object(o)
        case ("clockChanged", .array(let parts)) where parts.count == 2:
            // Without due and warning instants (paused, completed): just the clock and the change.
            var o = clock(parts[0])
            o["change"] = parts[1]
            plain = .object(o)
        case ("clockChanged", .object(var o)):
            // `_0` the clock, `_1` the change.
            if let c = o.removeValue(forKey: "_0") { for (k, v) in clock(c) { o[k] = v } }
            if let change = o.removeValue(forKey: "_1") { o["change"] = change }
            plain = .object(o)
        default:
            break
        }
        return (key, plain)
    }

    /// A clock id as history names it: `clock` `case`, or `step` with its `token`.
    static func clock(_ id: JSONValue) -> [String: JSONValue] {
        if case .object(let o) = id, case .object(let step)? = o["step"], let token = step["token"] { return ["clock": .string("step"), "token": token] }
        return ["clock": .string("case")]
    }

    /// Codable's enum shapes made plain: `{"string": {"_0": "x"}}` → `"x"`,
    /// `{"_0": a, "_1": b}` → `[a, b]`, `{"applicant": {}}` → `"applicant"`.
    static func unwrap(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            if o.count == 1, case .object(let inner)? = o.values.first, inner.count == 1, let payload = inner["_0"] { return unwrap(payload) }
            if o.count == 1, let payload = o["_0"] { return unwrap(payload) }
            if o.count > 1, o.keys.allSatisfy({ $0.hasPrefix("_") && Int($0.dropFirst()) != nil }) {
                return .array(o.keys.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }.map { unwrap(o[$0]!) })
            }
            if o.count == 1, let (key, inner) = o.first, case .object(let e) = inner, e.isEmpty { return .string(key) }
            return .object(o.mapValues(unwrap))
        case .array(let items): return .array(items.map(unwrap))
        default: return value
        }
    }
}

/// A user as the token endpoints show it (never the secret, never the hash).
struct TokenView: Encodable {
    var id: String
    var name: String
    var department: String?
    var roles: [String]
    /// The roles honoured: those the registry places in the user's department.
    var effectiveRoles: [String]?
    var scopes: [String]
    var createdAt: Instant
    var revokedAt: Instant?
    /// Only in the answer that creates the token.
    var token: String?

    init(_ p: Principal, effectiveRoles: Set<String>? = nil, token: String? = nil) {
        id = p.id
        name = p.name
        department = p.department
        roles = p.roles
        self.effectiveRoles = effectiveRoles?.sorted()
        scopes = p.scopes.map(\.rawValue)
        createdAt = p.createdAt
        revokedAt = p.revokedAt
        self.token = token
    }
}

extension CaseState.Status {
    /// The status as the API writes it (`pre-submitted`, not the store's `preSubmitted`).
    var apiName: String {
        switch self {
        case .new: return "new"
        case .preSubmitted: return "pre-submitted"
        case .active: return "active"
        case .finished: return "finished"
        }
    }
}

/// 好差评 as the case answer gives it: with a 差评's follow-up once recorded.
struct RatingView: Encodable, Hashable {
    var level: Int
    var comment: String?
    var followUp: FollowUp?
}

/// A sub-case link of `GET /v1/cases/{case}`: the other case, the call step
/// (of the parent) that links them, and for a sub-case its flow and status.
struct CaseLinkView: Encodable, Hashable {
    var id: String
    var step: String
    var flow: String?
    var status: String?

    init(_ link: CaseLinks.Link) {
        id = link.caseID
        step = link.step
        flow = link.flow
        status = link.status.map { $0 == "preSubmitted" ? "pre-submitted" : $0 }
    }

    func write(_ w: inout CanonicalJSON) {
        var f = true
        w.open()
        w.optional("flow", flow, &f) { $0.string($1) }
        w.key("id", &f); w.string(id)
        w.optional("status", status, &f) { $0.string($1) }
        w.key("step", &f); w.string(step)
        w.close()
    }
}

extension ClockReading.Level {
    /// The API's words for a clock's colour: `normal`, `yellow`, `red`.
    var colourName: String { self == .overdue ? "red" : self == .warning ? "yellow" : "normal" }
}
