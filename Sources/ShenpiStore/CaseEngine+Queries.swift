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

    /// Active tasks whose role is one of `roles`, oldest first. A case whose
    /// snapshot does not decode is passed to `unreadable` (its id and
    /// fingerprint) and left out, so one damaged row cannot hide the others.
    public func workQueue(roles: Set<String>, unreadable: (_ id: String, _ fingerprint: String) -> Void = { _, _ in }) throws -> [WorkItem] {
        try database.writer.read { db in
            var items: [WorkItem] = []
            let rows = try Row.fetchCursor(db, sql: #"SELECT id, fingerprint, workflow, snapshot, head_hash FROM "case" WHERE status = 'active'"#)
            while let row = try rows.next() {
                let machine = try machines.machine(row[1], db)
                guard let state = try readableState(row, unreadable) else { continue }
                for token in state.tokens {
                    let node = machine.nodes[token.node]
                    guard case .task(let task) = node.kind, roles.contains(task.role) else { continue }
                    items.append(WorkItem(
                        caseID: row[0], workflow: row[2], node: node.id, title: node.title, role: task.role,
                        enteredAt: token.enteredAt, awaitingApplicant: token.awaitingApplicant, stepDue: token.clock?.due,
                        caseDue: state.caseClock?.due, caseVersion: state.version))
                }
            }
            return items.sorted { ($0.enteredAt, $0.caseID, $0.node) < ($1.enteredAt, $1.caseID, $1.node) }
        }
    }

    /// The work queue of one role.
    public func workQueue(role: String) throws -> [WorkItem] { try workQueue(roles: [role]) }

    /// The work queue of a department: tasks of every role the caller's
    /// registry (`roleDepartments`: role → department) places in it.
    public func workQueue(department: String, roleDepartments: [String: String]) throws -> [WorkItem] {
        try workQueue(roles: Set(roleDepartments.filter { $0.value == department }.keys))
    }

    /// Cases by status and clock colour at `t` (finished cases judged at
    /// completion), in creation order. Cases whose snapshot does not decode
    /// go to `unreadable` instead, as in `workQueue`.
    public func cases(status: CaseStatusFilter? = nil, colour: ClockColour? = nil, at t: Instant,
                      unreadable: (_ id: String, _ fingerprint: String) -> Void = { _, _ in }) throws -> [CaseSummary] {
        try database.writer.read { db in
            var sql = #"SELECT id, fingerprint, workflow, snapshot, head_hash FROM "case""#
            var arguments: StatementArguments = []
            if let status {
                sql += " WHERE status = ?"
                arguments = [status.rawValue]
            }
            sql += " ORDER BY rowid"
            var result: [CaseSummary] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let machine = try machines.machine(row[1], db)
                guard let state = try readableState(row, unreadable) else { continue }
                let c = state.colour(at: t, calendar: try calendar(for: machine))
                guard colour == nil || colour == c else { continue }
                result.append(CaseSummary(
                    id: row[0], workflow: row[2], fingerprint: row[1], status: state.status, version: state.version,
                    acceptedAt: state.acceptedAt, dueAt: state.caseClock?.due, finishedAt: state.finishedAt, colour: c))
            }
            return result
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
