import Crypto
import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// Where a test may make a command's transaction fail, to prove that a
/// half-done command leaves no trace.
enum PersistStage: Sendable, Hashable {
    case afterEvents
    case afterSnapshot
    case afterOutbox
}

/// Writes one accepted transition inside the caller's transaction: its log
/// row (the command's events, chained), snapshot (version-checked) with its
/// timer columns and work items, outbox, rating. The caller's
/// `write` makes it all or nothing.
struct CasePersistence {
    let db: Database
    let fault: (@Sendable (PersistStage) throws -> Void)?

    init(_ db: Database, fault: (@Sendable (PersistStage) throws -> Void)?) {
        self.db = db
        self.fault = fault
    }

    /// Persists `transition` of a case whose stored row is `previous` (`nil`:
    /// the case is new and pinned to `fingerprint`/`workflow`).
    /// Returns the new head of the case's chain.
    @discardableResult
    func persist(_ transition: CaseTransition, caseID: String, previous: CaseRow?,
                 machine: Machine, at now: Instant) throws -> Data {
        let (fingerprint, workflow) = (machine.fingerprint, machine.workflow)
        let prevHead = previous?.headHash ?? EventChain.genesis
        let firstSeq = (previous?.eventCount ?? 0) + 1
        let lastSeq = firstSeq + transition.events.count - 1
        let state = transition.state
        let snapshot = try EventChain.canonicalState(state)
        let body = try EventChain.canonicalEvents(transition.events)
        let head = EventChain.link(prevHead, body)
        let listing = ListingColumns(state)
        if previous == nil {
            // The case row first: the log references it.
            let insert = try DirectStatement(db, """
                INSERT INTO "case" (id, fingerprint, workflow, version, snapshot, event_count, head_hash, updated_at,
                  status, outcome, due_at, warn_at, finished_at, on_time, next_timer_at, timers, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?8)
                """)
            try insert.bind(1, caseID)
            try insert.bind(2, fingerprint)
            try insert.bind(3, workflow)
            try bindRow(insert, version: state.version, snapshot: snapshot, lastSeq: lastSeq, head: head, now: now, listing: listing)
            try insert.run()
        }
        let log = try DirectStatement(db, """
            INSERT INTO command_log (case_id, version, first_seq, event_count, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try log.bind(1, caseID)
        try log.bind(2, state.version)
        try log.bind(3, firstSeq)
        try log.bind(4, transition.events.count)
        try log.bind(5, body)
        try log.bind(6, prevHead)
        try log.bind(7, head)
        try log.run()
        try fault?(.afterEvents)

        if let previous {
            // Some commands leave the listing and timer columns as they were:
            // not naming them keeps SQLite from rewriting their index entries.
            // Nor the status unless it changed: the listing index holds it.
            let before = ListingColumns(previous.snapshot)
            let changed = before != listing
            let update = try !changed
                ? DirectStatement(db, """
                    UPDATE "case" SET version = ?4, snapshot = ?5, event_count = ?6, head_hash = ?7, updated_at = ?8
                    WHERE id = ?1 AND version = ?2
                    """)
                : before.status == listing.status
                ? DirectStatement(db, """
                    UPDATE "case" SET version = ?4, snapshot = ?5, event_count = ?6, head_hash = ?7, updated_at = ?8,
                      outcome = ?10, due_at = ?11, warn_at = ?12, finished_at = ?13, on_time = ?14,
                      next_timer_at = ?15, timers = ?16
                    WHERE id = ?1 AND version = ?2
                    """)
                : DirectStatement(db, """
                    UPDATE "case" SET version = ?4, snapshot = ?5, event_count = ?6, head_hash = ?7, updated_at = ?8,
                      status = ?9, outcome = ?10, due_at = ?11, warn_at = ?12, finished_at = ?13, on_time = ?14,
                      next_timer_at = ?15, timers = ?16
                    WHERE id = ?1 AND version = ?2
                    """)
            try update.bind(1, caseID)
            try update.bind(2, previous.version)
            try bindRow(update, version: state.version, snapshot: snapshot, lastSeq: lastSeq, head: head, now: now,
                        listing: changed ? listing : nil)
            try update.run()
            // Another writer got there first (the read and this update are in one
            // transaction, so only a second process could): refuse, roll back.
            guard db.changesCount == 1 else {
                let current = try Int.fetchOne(db, sql: #"SELECT version FROM "case" WHERE id = ?"#, arguments: [caseID])
                throw CaseEngineError.versionConflict(current: current ?? -1)
            }
        }
        if let first = CaseActed.firstAction(in: transition.events, acceptedBefore: previous?.snapshot.acceptedAt != nil) {
            // The first officer action after acceptance stays: a later one is ignored.
            let acted = try DirectStatement(db, "INSERT OR IGNORE INTO case_acted (case_id, at) VALUES (?, ?)")
            try acted.bind(1, caseID)
            try acted.bind(2, first.secondsSinceEpoch)
            try acted.run()
        }
        try WorkItemRow.update(db, caseID: caseID, from: previous.map { WorkItemRow.of($0.snapshot, machine) } ?? [],
                               to: WorkItemRow.of(state, machine))
        try fault?(.afterSnapshot)

        try applyOutbox(transition, caseID: caseID, head: head, at: now)
        try fault?(.afterOutbox)
        return head
    }

    /// Parameters 4–8 of the case row's insert and updates, and 9–16 (the
    /// listing and timer columns) when the statement names them.
    private func bindRow(_ s: DirectStatement, version: Int, snapshot: Data, lastSeq: Int, head: Data, now: Instant,
                         listing: ListingColumns?) throws {
        try s.bind(4, version)
        try s.bind(5, snapshot)
        try s.bind(6, lastSeq)
        try s.bind(7, head)
        try s.bind(8, now.secondsSinceEpoch)
        guard let listing else { return }
        try s.bind(9, listing.status)
        try s.bind(10, listing.outcome)
        try s.bind(11, listing.due?.secondsSinceEpoch)
        try s.bind(12, listing.warn?.secondsSinceEpoch)
        try s.bind(13, listing.finished?.secondsSinceEpoch)
        try s.bind(14, listing.onTime)
        try s.bind(15, listing.timers.next?.secondsSinceEpoch)
        try s.bind(16, listing.timers.count)
    }

    private func applyOutbox(_ transition: CaseTransition, caseID: String, head: Data, at now: Instant) throws {
        // Read off the events (the effects' notices are theirs, in order):
        // the effects are built from the events on every read.
        var index = 0
        for event in transition.events {
            guard case .notified(let n) = event.fact else { continue }
            let insert = try DirectStatement(db, "INSERT INTO outbox (case_id, recipient, text, created_at, delivery_id) VALUES (?, ?, ?, ?, ?)")
            try insert.bind(1, caseID)
            try insert.bind(2, n.to.column)
            try insert.bind(3, n.text)
            try insert.bind(4, now.secondsSinceEpoch)
            try insert.bind(5, Self.deliveryID(caseID: caseID, head: head, index: index))
            try insert.run()
            index += 1
        }
        for event in transition.events {
            guard case .rated(let r) = event.fact else { continue }
            try db.cachedStatement(sql: "INSERT INTO rating (case_id, level, comment, at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [caseID, r.level, r.comment, event.at.secondsSinceEpoch])
        }
    }

    /// `shenpi-` and 32 hex digits of SHA-256(case id, 0, the command's chain
    /// hash, the message's index in the command). The chain hash commits to
    /// the case's whole history and the command's instant, so a store
    /// restored from a backup, writing other commands at the same versions,
    /// never repeats an id a gateway has seen.
    static func deliveryID(caseID: String, head: Data, index: Int) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(caseID.utf8) + [0] + head + withUnsafeBytes(of: UInt32(index).bigEndian) { Data($0) })
        let digits = Array("0123456789abcdef".utf8)
        var out = Array("shenpi-".utf8)
        for byte in hasher.finalize().prefix(16) { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }
}

extension ShenpiEngine.Notification.Recipient {
    /// The outbox `recipient` column: `applicant` or `role:<id>`.
    var column: String {
        switch self {
        case .applicant: return "applicant"
        case .role(let r): return "role:" + r
        }
    }
}

/// The `case` columns listings and the timer loop read besides the snapshot.
private struct ListingColumns: Equatable {
    var status: String
    var outcome: String?
    var due: Instant?
    var warn: Instant?
    var finished: Instant?
    var onTime: Bool?
    var timers: TimerColumns

    init(_ s: CaseState) {
        (status, outcome, due, warn) = (s.status.column, s.outcome, s.caseClock?.due, s.caseClock?.warnAt)
        (finished, onTime, timers) = (s.finishedAt, s.onTime, TimerColumns(s))
    }
}
