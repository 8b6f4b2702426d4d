import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// A case with its whole history (步步留痕).
public struct CaseRecord: Sendable, Hashable {
    public var id: String
    public var workflow: String
    public var fingerprint: String
    public var state: CaseState
    public var version: Int { state.version }
    public var createdAt: Instant
    public var updatedAt: Instant
    public var history: [RecordedEvent]
}

/// One event of the log with its place in the hash chain.
public struct RecordedEvent: Sendable, Hashable {
    /// 1, 2, … within the case.
    public var seq: Int
    public var event: CaseEvent
    /// The chain link of the command that recorded this event (hex): SHA-256
    /// of the previous command's link and the command's events. Every event
    /// of one command shows the same link.
    public var hash: String
}

/// A task waiting for someone holding `role`.
public struct WorkItem: Sendable, Hashable {
    public var caseID: String
    public var workflow: String
    /// The step's id and title.
    public var node: String
    public var title: String
    public var role: String
    public var enteredAt: Instant
    /// Entered by a request for supplement: waiting for the applicant first.
    public var awaitingApplicant: Bool
    public var stepDue: Instant?
    public var caseDue: Instant?
    /// Pass as `expectedVersion` when acting on it.
    public var caseVersion: Int
    /// The step's and the case's clocks, for their colour at the moment of
    /// asking (`ClockRecord.colour`), on the flow's calendar.
    public var stepClock: ClockRecord?
    public var caseClock: ClockRecord?
    /// The flow's limits, for the legal limit beside the case clock (`ClockRecord.legalLimit`).
    public var limits: CaseLimits? = nil
    /// The engine rules the case runs under, for reading its legal limit as it does.
    public var rules: Int = EngineRules.current
    /// Why the case clock is stopped: the special procedure in progress,
    /// else the flow's pause (专家评审); `nil` while it runs.
    public var clockStoppedFor: String?
    public var calendar: String
    /// The materials (ids) the step still needs before it can be decided
    /// onward, as the case's active step lists them; empty without the
    /// flow's calendar (conditions read `today`).
    public var missingMaterials: [String] = []
    /// The case's fees (a flow with `fees`), as the case shows them: the
    /// issue window (统一出件) sees what to collect without opening the case.
    public var fees: [CaseFee] = []
}

/// A page of a work queue and the length of the whole queue.
public struct WorkQueue: Sendable, Hashable {
    public var items: [WorkItem]
    public var total: Int
}

/// One line of a case listing.
public struct CaseSummary: Sendable, Hashable {
    public var id: String
    public var workflow: String
    public var fingerprint: String
    public var status: CaseState.Status
    public var version: Int
    public var acceptedAt: Instant?
    public var dueAt: Instant?
    public var finishedAt: Instant?
    public var colour: ClockColour
}

/// What a listing asks for: every filter optional.
public struct CaseQuery: Sendable, Hashable {
    public var status: CaseStatusFilter?
    public var colour: ClockColour?
    /// Only cases pinned to one of these machines (`nil`: any machine).
    public var fingerprints: Set<String>?
    /// The page: at most `limit` cases (all when `nil`) from `offset`.
    public var limit: Int?
    public var offset: Int

    public init(status: CaseStatusFilter? = nil, colour: ClockColour? = nil, fingerprints: Set<String>? = nil,
                limit: Int? = nil, offset: Int = 0) {
        (self.status, self.colour, self.fingerprints, self.limit, self.offset) = (status, colour, fingerprints, limit, offset)
    }
}

/// A page of a listing and the number of cases that match in all.
public struct CaseListing: Sendable, Hashable {
    public var cases: [CaseSummary]
    public var total: Int
}

/// The `status` column values, for listings.
public enum CaseStatusFilter: String, Sendable, Hashable, CaseIterable {
    case new, preSubmitted, active, finished
}

extension CaseEngine {
    /// Case `id` with every event in order; `notFound` when there is none.
    public func `case`(_ id: String) throws -> CaseRecord {
        try database.writer.read { db in
            guard let row = try CaseRow.load(db, id: id) else { throw CaseEngineError.notFound(id) }
            var history: [RecordedEvent] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT first_seq, body, hash FROM command_log WHERE case_id = ? ORDER BY version", arguments: [id])
            while let r = try rows.next() {
                let first: Int = r[0]
                let hash = (r[2] as Data).hex
                for (i, event) in try EventChain.decodeEvents(r[1]).enumerated() {
                    history.append(RecordedEvent(seq: first + i, event: event, hash: hash))
                }
            }
            return CaseRecord(id: id, workflow: row.workflow, fingerprint: row.fingerprint, state: row.snapshot,
                              createdAt: row.createdAt, updatedAt: row.updatedAt, history: history)
        }
    }

    /// Active tasks whose role is one of `roles`, oldest first (by entry,
    /// then case and step), and how many there are in all: the page from
    /// `offset`, at most `limit` long (all when `nil`). Reads the page's
    /// rows of the `work_item` index and only those cases' snapshots. A case
    /// whose snapshot does not decode is passed to `unreadable` (its id and
    /// fingerprint) and left out, so one damaged row cannot hide the others.
    public func workQueue(roles: Set<String>, limit: Int? = nil, offset: Int = 0,
                          unreadable: (_ id: String, _ fingerprint: String) -> Void = { _, _ in }) throws -> WorkQueue {
        guard !roles.isEmpty else { return WorkQueue(items: [], total: 0) }
        return try database.writer.read { db in
            let roles = roles.sorted()
            let marks = Array(repeating: "?", count: roles.count).joined(separator: ", ")
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM work_item WHERE role IN (\(marks))", arguments: StatementArguments(roles)) ?? 0
            let page = try Row.fetchAll(
                db, sql: """
                    SELECT case_id, token FROM work_item WHERE role IN (\(marks))
                    ORDER BY entered_at, case_id, node, token LIMIT ? OFFSET ?
                    """,
                arguments: StatementArguments(roles) + [limit ?? -1, offset])
            var items: [WorkItem] = []
            var damaged: Set<String> = []
            let calendars = self.calendars
            for entry in page {
                let id: String = entry[0]
                let token: Int = entry[1]
                guard !damaged.contains(id) else { continue }
                let row: CaseRow
                do {
                    guard let r = try CaseRow.load(db, id: id, cache: snapshots) else { continue }
                    row = r
                } catch CaseEngineError.damagedSnapshot {
                    damaged.insert(id)
                    unreadable(id, try String.fetchOne(db, sql: #"SELECT fingerprint FROM "case" WHERE id = ?"#, arguments: [id]) ?? "")
                    continue
                }
                let machine = try machines.machine(row.fingerprint, db)
                let state = row.snapshot
                // The index is written with the snapshot; a row without its token is an edit the audit names.
                guard let t = state.tokens.first(where: { $0.id == token }), machine.nodes.indices.contains(t.node),
                    case .task(let task) = machine.nodes[t.node].kind
                else { continue }
                let node = machine.nodes[t.node]
                items.append(WorkItem(
                    caseID: id, workflow: row.workflow, node: node.id, title: node.title, role: task.role,
                    enteredAt: t.enteredAt, awaitingApplicant: t.awaitingApplicant, stepDue: t.clock?.due,
                    caseDue: state.caseClock?.due, caseVersion: state.version, stepClock: t.clock, caseClock: state.caseClock,
                    limits: machine.limits, rules: state.ruleset,
                    // The item's own special procedure first (rules 5: one per step).
                    clockStoppedFor: state.specialProcedures?.first { $0.step == node.id }?.reason ?? state.specialProcedure ?? state.flowPause,
                    calendar: machine.calendar,
                    missingMaterials: task.checks.isEmpty ? []
                        : (try? calendars.calendar(machine.calendar)).map { state.missingMaterials(atNode: t.node, machine: machine, calendar: $0) } ?? [],
                    fees: machine.tables.fees.isEmpty ? []
                        : machine.tables.fees(fields: state.fields, submitted: state.submitted, on: state.feeDay(now: t.enteredAt))))
            }
            return WorkQueue(items: items, total: total)
        }
    }

    /// The work queue of one role.
    public func workQueue(role: String) throws -> [WorkItem] { try workQueue(roles: [role]).items }

    /// The work queue of a department: tasks of every role the caller's
    /// registry (`roleDepartments`: role → department) places in it.
    public func workQueue(department: String, roleDepartments: [String: String]) throws -> [WorkItem] {
        try workQueue(roles: Set(roleDepartments.filter { $0.value == department }.keys)).items
    }

    /// Cases by status and clock colour at `t` (finished cases judged at
    /// completion), in creation order. Cases whose snapshot does not decode
    /// go to `unreadable` instead, as in `workQueue`.
    public func cases(status: CaseStatusFilter? = nil, colour: ClockColour? = nil, at t: Instant,
                      unreadable: (_ id: String, _ fingerprint: String) -> Void = { _, _ in }) throws -> [CaseSummary] {
        try cases(CaseQuery(status: status, colour: colour), at: t, unreadable: unreadable).cases
    }

    /// One page of a listing and how many cases match in all. Status and
    /// machine are filtered in SQL and the page read with `LIMIT`; only the
    /// page's snapshots are decoded. A colour filter reads the clock columns
    /// of every matching row and decodes only the cases those cannot settle
    /// (`ColumnColour`: in a warning period or a minute from a threshold,
    /// paused, without a clock). A damaged snapshot on the page goes to
    /// `unreadable` and is left out (it still counts in `total`); under a
    /// colour filter every damaged one that might match is named and not
    /// counted, its colour being unknown.
    public func cases(_ query: CaseQuery, at t: Instant,
                      unreadable: (_ id: String, _ fingerprint: String) -> Void = { _, _ in }) throws -> CaseListing {
        try database.writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let status = query.status {
                conditions.append("status = ?")
                arguments += [status.rawValue]
            }
            if let fingerprints = query.fingerprints {
                guard !fingerprints.isEmpty else { return CaseListing(cases: [], total: 0) }
                conditions.append("fingerprint IN (\(Array(repeating: "?", count: fingerprints.count).joined(separator: ", ")))")
                arguments += StatementArguments(fingerprints.sorted())
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let ids: [String]
            let total: Int
            if let colour = query.colour {
                // Settled from the columns where they can be; the rest from the snapshot.
                var matching: [String] = []
                let full = try db.cachedStatement(sql: #"SELECT id, fingerprint, workflow, snapshot, head_hash FROM "case" WHERE id = ?"#)
                let rows = try Row.fetchCursor(
                    db, sql: #"SELECT id, fingerprint, status, on_time, due_at, warn_at, updated_at FROM "case""# + filter + " ORDER BY rowid",
                    arguments: arguments)
                while let row = try rows.next() {
                    let possible = ColumnColour.possible(
                        finished: (row[2] as String) == CaseStatusFilter.finished.rawValue, onTime: row[3], due: row[4], warn: row[5],
                        updatedAt: row[6], at: t)
                    guard possible.contains(colour) else { continue }
                    if possible.count == 1 {
                        matching.append(row[0])
                        continue
                    }
                    let id: String = row[0]
                    // Damaged: its colour is unknown, so it is named, not counted.
                    guard let stored = try Row.fetchOne(full, arguments: [id]), let state = try readableState(stored, unreadable)
                    else { continue }
                    if state.colour(at: t, calendar: try calendar(for: try machines.machine(row[1], db))) == colour { matching.append(id) }
                }
                total = matching.count
                let from = min(query.offset, matching.count)
                ids = Array(matching[from..<min(matching.count, from + (query.limit ?? matching.count))])
            } else {
                total = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "case""# + filter, arguments: arguments) ?? 0
                ids = try String.fetchAll(
                    db, sql: #"SELECT id FROM "case""# + filter + " ORDER BY rowid LIMIT ? OFFSET ?",
                    arguments: arguments + [query.limit ?? -1, query.offset])
            }
            var result: [CaseSummary] = []
            let select = try db.cachedStatement(sql: #"SELECT id, fingerprint, workflow, snapshot, head_hash FROM "case" WHERE id = ?"#)
            for id in ids {
                guard let row = try Row.fetchOne(select, arguments: [id]) else { continue }
                let machine = try machines.machine(row[1], db)
                guard let state = try readableState(row, unreadable) else { continue }
                let c = state.colour(at: t, calendar: try calendar(for: machine))
                result.append(CaseSummary(
                    id: row[0], workflow: row[2], fingerprint: row[1], status: state.status, version: state.version,
                    acceptedAt: state.acceptedAt, dueAt: state.caseClock?.due, finishedAt: state.finishedAt, colour: c))
            }
            return CaseListing(cases: result, total: total)
        }
    }

    /// `cachedState`, or `nil` after telling `unreadable` when the snapshot
    /// does not decode (damaged or edited by hand: `shenpi audit verify`).
    private func readableState(_ row: Row, _ unreadable: (String, String) -> Void) throws -> CaseState? {
        do {
            return try cachedState(row)
        } catch CaseEngineError.damagedSnapshot(let id) {
            unreadable(id, row[1])
            return nil
        }
    }

    /// The snapshot of a listed row (`id, …, snapshot at 3, head_hash at 4`):
    /// from the cache when its head matches, so repeated work queues and
    /// listings do not decode every active case again.
    private func cachedState(_ row: Row) throws -> CaseState {
        let id: String = row[0]
        let head: Data = row[4]
        if let state = snapshots.state(id, head: head) { return state }
        let state = try EventChain.snapshot(of: id, row[3])
        snapshots.remember(id, head: head, state: state)
        return state
    }
}

extension CaseEngine {
    /// A case's machine and field values, from its snapshot (cached when
    /// current), without its history: what a notification sender needs.
    public func fields(ofCase id: String) throws -> (Machine, [String: FieldValue]) {
        try database.writer.read { db in
            guard let row = try CaseRow.load(db, id: id, cache: snapshots) else { throw CaseEngineError.notFound(id) }
            return (try machines.machine(row.fingerprint, db), row.snapshot.fields)
        }
    }
}
