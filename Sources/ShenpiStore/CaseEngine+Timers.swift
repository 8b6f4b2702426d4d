import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// A timer the engine fired (or tried to).
public struct FiredTimer: Sendable, Hashable {
    public var caseID: String
    public var timerID: String
    public var kind: TimerKind
    public var due: Instant
    /// The instant the `timerFired` command ran at.
    public var firedAt: Instant
    /// Why the engine refused it (the timer row is then left alone and skipped).
    public var error: CaseEngineError?
}

extension CaseEngine {
    /// Fires every timer due at or before `limit`, earliest first (ties by
    /// case, then in the order the case's events scheduled them, as `shenpi
    /// test` does), each in its own transaction, until none is left:
    /// a timer scheduled by a firing and due before `limit` fires too, so
    /// chained timeouts are caught up after a restart.
    ///
    /// A timer fires at its due instant, or at the case's last change when
    /// that is later, so a case's history never goes back in time.
    public func fireDueTimers(upTo limit: Instant) throws -> [FiredTimer] {
        var fired: [FiredTimer] = []
        var skipped: Set<[String]> = []
        while let next = try fireNext(upTo: limit, skipping: skipped) {
            if next.error != nil { skipped.insert([next.caseID, next.timerID]) }
            fired.append(next)
        }
        return fired
    }

    /// The earliest due timer not skipped, fired in one transaction.
    private func fireNext(upTo limit: Instant, skipping skipped: Set<[String]>) throws -> FiredTimer? {
        try database.writer.write { db -> FiredTimer? in
            let statement = try db.cachedStatement(sql: """
                SELECT case_id, timer_id, due_at, kind FROM timer WHERE due_at <= ?
                ORDER BY due_at, case_id, scheduled_seq LIMIT ?
                """)
            let rows = try Row.fetchAll(statement, arguments: [limit.secondsSinceEpoch, skipped.count + 1])
            guard let row = rows.first(where: { !skipped.contains([$0[0], $0[1]]) }) else { return nil }
            let caseID: String = row[0]
            let timerID: String = row[1]
            let due = Instant(secondsSinceEpoch: row[2])
            var timer = FiredTimer(caseID: caseID, timerID: timerID, kind: TimerKind(rawValue: row[3]) ?? .stepTimeout,
                                   due: due, firedAt: due, error: nil)
            let updatedAt = try Int.fetchOne(db, sql: #"SELECT updated_at FROM "case" WHERE id = ?"#, arguments: [caseID])
            timer.firedAt = max(due, Instant(secondsSinceEpoch: updatedAt ?? due.secondsSinceEpoch))
            do {
                _ = try apply(db, caseID, .timerFired(id: timerID), expectedVersion: nil, at: timer.firedAt)
            } catch let e as CaseEngineError where e.isRefusalBeforeWriting {
                // Nothing was written: report it, keep the row, move on.
                timer.error = e
            }
            return timer
        }
    }

    /// The pending timers, in firing order.
    public func pendingTimers() throws -> [(caseID: String, timer: PendingTimer)] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT case_id, timer_id, due_at, kind FROM timer ORDER BY due_at, case_id, scheduled_seq").map {
                let t = PendingTimer(id: $0[1], at: Instant(secondsSinceEpoch: $0[2]), kind: TimerKind(rawValue: $0[3]) ?? .stepTimeout, token: nil)
                return (caseID: $0[0], timer: t)
            }
        }
    }
}
