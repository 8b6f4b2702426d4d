import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// Where a test may make a command's transaction fail, to prove that a
/// half-done command leaves no trace.
enum PersistStage: Sendable, Hashable {
    case afterEvents
    case afterSnapshot
    case afterTimers
    case afterOutbox
}

/// Writes one accepted transition inside the caller's transaction: its log
/// row (the command's events, chained), snapshot (version-checked), timers,
/// outbox, rating. The caller's
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
                 fingerprint: String, workflow: String, at now: Instant) throws -> Data {
        let prevHead = previous?.headHash ?? EventChain.genesis
        let firstSeq = (previous?.eventCount ?? 0) + 1
        let lastSeq = firstSeq + transition.events.count - 1
        let state = transition.state
        let snapshot = try EventChain.canonicalState(state)
        let body = try EventChain.canonicalEvents(transition.events)
        let head = EventChain.link(prevHead, body)
        if previous == nil {
            // The case row first: the log references it.
            try db.cachedStatement(sql: """
                INSERT INTO "case" (id, fingerprint, workflow, status, outcome, version, snapshot, event_count,
                  head_hash, created_at, updated_at, due_at, warn_at, finished_at, on_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    caseID, fingerprint, workflow, state.status.column, state.outcome, state.version, snapshot,
                    lastSeq, head, now.secondsSinceEpoch, now.secondsSinceEpoch,
                    state.caseClock?.due?.secondsSinceEpoch, state.caseClock?.warnAt?.secondsSinceEpoch,
                    state.finishedAt?.secondsSinceEpoch, state.onTime,
                ])
        }
        try db.cachedStatement(sql: """
            INSERT INTO command_log (case_id, version, first_seq, event_count, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [caseID, state.version, firstSeq, transition.events.count, body, prevHead, head])
        try fault?(.afterEvents)

        if let previous {
            // Most commands leave the listing columns as they were: not naming
            // them keeps SQLite from rewriting their index entries.
            if ListingColumns(previous.snapshot) == ListingColumns(state) {
                try db.cachedStatement(sql: """
                    UPDATE "case" SET version = ?, snapshot = ?, event_count = ?, head_hash = ?, updated_at = ?
                    WHERE id = ? AND version = ?
                    """).execute(arguments: [state.version, snapshot, lastSeq, head, now.secondsSinceEpoch, caseID, previous.version])
            } else {
                try db.cachedStatement(sql: """
                    UPDATE "case" SET status = ?, outcome = ?, version = ?, snapshot = ?, event_count = ?, head_hash = ?,
                      updated_at = ?, due_at = ?, warn_at = ?, finished_at = ?, on_time = ?
                    WHERE id = ? AND version = ?
                    """).execute(arguments: [
                        state.status.column, state.outcome, state.version, snapshot, lastSeq, head, now.secondsSinceEpoch,
                        state.caseClock?.due?.secondsSinceEpoch, state.caseClock?.warnAt?.secondsSinceEpoch,
                        state.finishedAt?.secondsSinceEpoch, state.onTime, caseID, previous.version,
                    ])
            }
            // Another writer got there first (the read and this update are in one
            // transaction, so only a second process could): refuse, roll back.
            guard db.changesCount == 1 else {
                let current = try Int.fetchOne(db, sql: #"SELECT version FROM "case" WHERE id = ?"#, arguments: [caseID])
                throw CaseEngineError.versionConflict(current: current ?? -1)
            }
        }
        try fault?(.afterSnapshot)

        try applyTimers(transition, before: previous?.snapshot.pendingTimers ?? [], caseID: caseID, firstSeq: firstSeq)
        try fault?(.afterTimers)
        try applyOutbox(transition, caseID: caseID, at: now)
        try fault?(.afterOutbox)
        return head
    }

    /// The timer rows become the new state's pending timers, each keeping
    /// the seq of the event that last scheduled it (ties on `due_at` fire in
    /// that order) — the net effect of the timer events, in as few writes.
    private func applyTimers(_ transition: CaseTransition, before: [PendingTimer], caseID: String, firstSeq: Int) throws {
        var scheduledSeq: [String: Int] = [:]
        for (i, event) in transition.events.enumerated() {
            if case .timerScheduled(let t) = event.fact { scheduledSeq[t.id] = firstSeq + i }
        }
        let after = transition.state.pendingTimers
        for old in before where !after.contains(where: { $0.id == old.id }) {
            try db.cachedStatement(sql: "DELETE FROM timer WHERE case_id = ? AND timer_id = ?").execute(arguments: [caseID, old.id])
        }
        for t in after {
            guard let seq = scheduledSeq[t.id] else { continue }  // untouched by this command
            let sql = before.contains(where: { $0.id == t.id })
                ? "UPDATE timer SET due_at = ?3, kind = ?4, scheduled_seq = ?5 WHERE case_id = ?1 AND timer_id = ?2"
                : "INSERT INTO timer (case_id, timer_id, due_at, kind, scheduled_seq) VALUES (?1, ?2, ?3, ?4, ?5)"
            try db.cachedStatement(sql: sql).execute(arguments: [caseID, t.id, t.at.secondsSinceEpoch, t.kind.rawValue, seq])
        }
    }

    private func applyOutbox(_ transition: CaseTransition, caseID: String, at now: Instant) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO outbox (case_id, recipient, text, created_at) VALUES (?, ?, ?, ?)")
        for case .notify(let n) in transition.effects {
            try insert.execute(arguments: [caseID, n.to.column, n.text, now.secondsSinceEpoch])
        }
        for event in transition.events {
            guard case .rated(let r) = event.fact else { continue }
            try db.cachedStatement(sql: "INSERT INTO rating (case_id, level, comment, at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [caseID, r.level, r.comment, event.at.secondsSinceEpoch])
        }
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

/// The `case` columns listings read besides the snapshot.
private struct ListingColumns: Equatable {
    var status: String
    var outcome: String?
    var due: Instant?
    var warn: Instant?
    var finished: Instant?
    var onTime: Bool?

    init(_ s: CaseState) {
        (status, outcome, due, warn) = (s.status.column, s.outcome, s.caseClock?.due, s.caseClock?.warnAt)
        (finished, onTime) = (s.finishedAt, s.onTime)
    }
}
