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

/// Writes one accepted transition inside the caller's transaction: events
/// (chained), snapshot (version-checked), timers, outbox, rating. The caller's
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
        var head = previous?.headHash ?? EventChain.genesis
        var seq = previous?.eventCount ?? 0
        let firstSeq = seq + 1
        let insertEvent = try db.cachedStatement(sql: """
            INSERT INTO event (case_id, seq, version, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)
            """)
        // The case row first: events reference it.
        let state = transition.state
        let snapshot = try EventChain.canonicalState(state)
        if previous == nil {
            try db.cachedStatement(sql: """
                INSERT INTO "case" (id, fingerprint, workflow, status, outcome, version, snapshot, event_count,
                  head_hash, created_at, updated_at, due_at, warn_at, finished_at, on_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    caseID, fingerprint, workflow, state.status.column, state.outcome, 0, snapshot,
                    EventChain.genesis, now.secondsSinceEpoch, now.secondsSinceEpoch,
                    state.caseClock?.due?.secondsSinceEpoch, state.caseClock?.warnAt?.secondsSinceEpoch,
                    state.finishedAt?.secondsSinceEpoch, state.onTime,
                ])
        }
        for event in transition.events {
            let body = try EventChain.canonicalEvent(event)
            let hash = EventChain.link(head, body)
            seq += 1
            try insertEvent.execute(arguments: [caseID, seq, event.version, body, head, hash])
            head = hash
        }
        try fault?(.afterEvents)

        let expected = previous?.version ?? 0
        try db.cachedStatement(sql: """
            UPDATE "case" SET status = ?, outcome = ?, version = ?, snapshot = ?, event_count = ?, head_hash = ?,
              updated_at = ?, due_at = ?, warn_at = ?, finished_at = ?, on_time = ?
            WHERE id = ? AND version = ?
            """).execute(arguments: [
                state.status.column, state.outcome, state.version, snapshot, seq, head, now.secondsSinceEpoch,
                state.caseClock?.due?.secondsSinceEpoch, state.caseClock?.warnAt?.secondsSinceEpoch,
                state.finishedAt?.secondsSinceEpoch, state.onTime, caseID, expected,
            ])
        // Another writer got there first (the read and this update are in one
        // transaction, so only a second process could): refuse, roll back.
        guard db.changesCount == 1 else {
            let current = try Int.fetchOne(db, sql: #"SELECT version FROM "case" WHERE id = ?"#, arguments: [caseID])
            throw CaseEngineError.versionConflict(current: current ?? -1)
        }
        try fault?(.afterSnapshot)

        try applyTimers(transition, caseID: caseID, firstSeq: firstSeq)
        try fault?(.afterTimers)
        try applyOutbox(transition, caseID: caseID, at: now)
        try fault?(.afterOutbox)
        return head
    }

    /// The timer rows follow the timer events (the effects say the same), each
    /// scheduled row keeping its event's seq: ties on `due_at` fire in that order.
    private func applyTimers(_ transition: CaseTransition, caseID: String, firstSeq: Int) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO timer (case_id, timer_id, due_at, kind, scheduled_seq) VALUES (?, ?, ?, ?, ?)
            """)
        let delete = try db.cachedStatement(sql: "DELETE FROM timer WHERE case_id = ? AND timer_id = ?")
        for (i, event) in transition.events.enumerated() {
            switch event.fact {
            case .timerScheduled(let t):
                try upsert.execute(arguments: [caseID, t.id, t.at.secondsSinceEpoch, t.kind.rawValue, firstSeq + i])
            case .timerCancelled(let id), .timerFired(let id, _):
                try delete.execute(arguments: [caseID, id])
            default:
                break
            }
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
