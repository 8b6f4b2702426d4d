import GRDB
import ShenpiCalendar
import ShenpiEngine

/// The case row's timer columns: when its earliest pending timer falls due
/// (`next_timer_at`, indexed for the timer loop) and how many it has
/// (`timers`, for the gauge). Derived from the snapshot, which holds the
/// timers themselves.
struct TimerColumns: Equatable {
    var next: Instant?
    var count: Int

    init(next: Instant?, count: Int) {
        (self.next, self.count) = (next, count)
    }

    init(_ s: CaseState) {
        var next: Instant?
        for t in s.pendingTimers where next.map({ t.at < $0 }) ?? true { next = t.at }
        (self.next, count) = (next, s.pendingTimers.count)
    }

    /// Sets the columns of every case from its snapshot (migration `v5`).
    /// The timer rows must be the snapshot's pending timers: a row that
    /// differs, or names a deleted case, is evidence the old audit would
    /// have named, so it stops the migration rather than vanish with the
    /// table. When a snapshot does not decode (damaged: the audit names it)
    /// the columns come from its rows, so no timer is lost by the upgrade.
    static func fill(_ db: Database) throws {
        if let orphan = try String.fetchOne(db, sql: #"SELECT case_id FROM timer WHERE case_id NOT IN (SELECT id FROM "case") LIMIT 1"#) {
            throw TimerConversionError(caseID: orphan, problem: "its case row is gone but timer rows remain (deleted by hand?)")
        }
        // Read first, then write: no updates under an open cursor on the same table.
        var filled: [(String, TimerColumns)] = []
        let rows = try Row.fetchCursor(db, sql: #"SELECT id, snapshot FROM "case""#)
        let timerRows = try db.makeStatement(sql: "SELECT timer_id, due_at, kind FROM timer WHERE case_id = ?")
        while let row = try rows.next() {
            let id: String = row[0]
            if let state = try? EventChain.decodeState(row[1]) {
                let stored = Set(try Row.fetchAll(timerRows, arguments: [id]).map { "\($0[0] as String)@\($0[1] as Int) \($0[2] as String)" })
                guard stored == Set(state.pendingTimers.map { "\($0.id)@\($0.at.secondsSinceEpoch) \($0.kind.rawValue)" }) else {
                    throw TimerConversionError(caseID: id, problem: "its timer rows differ from the pending timers of its snapshot (edited?)")
                }
                let columns = TimerColumns(state)
                if columns.count > 0 { filled.append((id, columns)) }
            } else if let r = try Row.fetchOne(db, sql: "SELECT MIN(due_at), COUNT(*) FROM timer WHERE case_id = ?", arguments: [id]),
                (r[1] as Int) > 0
            {
                filled.append((id, TimerColumns(next: (r[0] as Int?).map(Instant.init(secondsSinceEpoch:)), count: r[1])))
            }
        }
        for (id, columns) in filled {
            try db.execute(sql: #"UPDATE "case" SET next_timer_at = ?, timers = ? WHERE id = ?"#,
                           arguments: [columns.next?.secondsSinceEpoch, columns.count, id])
        }
    }
}

/// The timer rows of a case are not its snapshot's, so the store is not upgraded.
struct TimerConversionError: Error, CustomStringConvertible {
    var caseID: String
    var problem: String

    var description: String {
        "cannot move the timers to \(Migrations.timersOnCase): case \(caseID): \(problem); the timer table was left as it was "
            + "(each migration is its own transaction). Check it with `shenpi audit verify` of the release that wrote it, or restore a backup."
    }
}
