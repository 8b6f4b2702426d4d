import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// A timer the engine fired (or tried to).
public struct FiredTimer: Sendable, Hashable {
    public var caseID: String
    /// Empty, and `kind` nil, when the case's timers could not be read (`damagedSnapshot`).
    public var timerID: String
    public var kind: TimerKind?
    public var due: Instant
    /// The instant the `timerFired` command ran at.
    public var firedAt: Instant
    /// Why the engine refused it (the timer is then left pending and skipped).
    public var error: CaseEngineError?
}

extension CaseEngine {
    /// Fires every timer due at or before `limit`, earliest first (ties by
    /// case, then in the order the case's events scheduled them, as `shenpi
    /// test` does), each in its own transaction — or `perTransaction` of them
    /// to a transaction (each in its own savepoint), which a daemon catching
    /// up after a restart uses to pay one `fdatasync` for many — until none is left:
    /// a timer scheduled by a firing and due before `limit` fires too, so
    /// chained timeouts are caught up after a restart.
    ///
    /// A timer fires at its due instant, or at the case's last change when
    /// that is later, so a case's history never goes back in time.
    public func fireDueTimers(upTo limit: Instant, perTransaction: Int = 1) throws -> [FiredTimer] {
        var fired: [FiredTimer] = []
        var skipping = Skipping()
        var batch = max(perTransaction, 1)
        while true {
            let before = skipping
            let group: [FiredTimer]
            do {
                group = try database.writer.write { db -> [FiredTimer] in
                    var group: [FiredTimer] = []
                    while group.count < batch, let next = try fireNext(db, upTo: limit, skipping: &skipping) {
                        if next.error != nil, !next.timerID.isEmpty { skipping.timers.insert([next.caseID, next.timerID]) }
                        group.append(next)
                    }
                    return group
                }
            } catch where batch > 1 {
                // An error that is not a refusal (the disk, say) undid the
                // whole batch: go on one by one, so every timer that can fire
                // does and the failing one throws alone.
                skipping = before
                batch = 1
                continue
            }
            fired += group
            if group.count < batch { return fired }
        }
    }

    /// The timers refused in this pass, and the cases with nothing else due:
    /// those are passed over without reading their snapshot again.
    private struct Skipping {
        var timers: Set<[String]> = []
        var cases: Set<String> = []
    }

    /// The earliest due timer not skipped, fired in `db`'s transaction.
    private func fireNext(_ db: Database, upTo limit: Instant, skipping: inout Skipping) throws -> FiredTimer? {
        // Cases by their first due timer. A case's timers come from its
        // snapshot; one whose first timer was refused may have others
        // due. At most `skipping.timers.count + skipping.cases.count`
        // cases hold refused timers or were passed over, so among one
        // case more the first without any is exact, and no case further
        // down can come before it.
        let statement = try db.cachedStatement(sql: """
            SELECT id, next_timer_at FROM "case" WHERE next_timer_at <= ? ORDER BY next_timer_at, id LIMIT ?
            """)
        var best: (row: CaseRow, timer: PendingTimer)?
        let limitRows = skipping.timers.count + skipping.cases.count + 1
        for row in try Row.fetchAll(statement, arguments: [limit.secondsSinceEpoch, limitRows]) {
            let caseID: String = row[0]
            guard !skipping.cases.contains(caseID) else { continue }
            let loaded: CaseRow?
            do {
                loaded = try CaseRow.load(db, id: caseID, cache: snapshots)
            } catch let e as CaseEngineError {
                // Its timers cannot be read: report it (after an earlier
                // timer found already has fired) and go on with the others.
                guard best == nil else { continue }
                skipping.cases.insert(caseID)
                let due = Instant(secondsSinceEpoch: row[1])
                return FiredTimer(caseID: caseID, timerID: "", kind: nil, due: due, firedAt: due, error: e)
            }
            guard let row = loaded else { continue }
            guard let timer = row.snapshot.timersDue(upTo: limit).first(where: { !skipping.timers.contains([caseID, $0.id]) }) else {
                skipping.cases.insert(caseID)
                continue
            }
            if let b = best, (b.timer.at, b.row.id) <= (timer.at, caseID) { continue }
            best = (row, timer)
        }
        guard let (row, due) = best else { return nil }
        var timer = FiredTimer(caseID: row.id, timerID: due.id, kind: due.kind, due: due.at,
                               firedAt: max(due.at, row.updatedAt), error: nil)
        do {
            // In a savepoint: a refusal after the case's own writes (a
            // sub-case that cannot be opened or handed back) undoes them.
            _ = try db.commandSavepoint { try apply(db, row.id, .timerFired(id: due.id), expectedVersion: nil, at: timer.firedAt) }
        } catch let e as CaseEngineError {
            // Nothing was written: report it, keep the timer, move on.
            timer.error = e
        }
        return timer

    }

    /// The pending timers of every case, in firing order (due instant, case, scheduling).
    public func pendingTimers() throws -> [(caseID: String, timer: PendingTimer)] {
        try database.writer.read { db in
            var all: [(caseID: String, timer: PendingTimer, order: Int)] = []
            for row in try Row.fetchAll(db, sql: #"SELECT id, snapshot FROM "case" WHERE next_timer_at IS NOT NULL"#) {
                for (i, t) in try EventChain.snapshot(of: row[0], row[1]).pendingTimers.enumerated() { all.append((row[0], t, i)) }
            }
            return all.sorted { ($0.timer.at, $0.caseID, $0.order) < ($1.timer.at, $1.caseID, $1.order) }.map { ($0.caseID, $0.timer) }
        }
    }
}
