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

    /// The timers of `s` due by `limit`, in firing order: by due instant,
    /// then in the order they were scheduled (the snapshot's order, as the
    /// scenario runner fires them).
    static func due(_ s: CaseState, upTo limit: Instant) -> [PendingTimer] {
        s.pendingTimers.enumerated().filter { $0.element.at <= limit }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// Sets the columns of every case from its snapshot (migration `v5`);
    /// from its timer rows when the snapshot does not decode (damaged: the
    /// audit names it), so no timer is lost by the upgrade.
    static func fill(_ db: Database) throws {
        // Read first, then write: no updates under an open cursor on the same table.
        var filled: [(String, TimerColumns)] = []
        let rows = try Row.fetchCursor(db, sql: #"SELECT id, snapshot FROM "case""#)
        while let row = try rows.next() {
            if let state = try? EventChain.decodeState(row[1]) {
                let columns = TimerColumns(state)
                if columns.count > 0 { filled.append((row[0], columns)) }
            } else if let r = try Row.fetchOne(db, sql: "SELECT MIN(due_at), COUNT(*) FROM timer WHERE case_id = ?", arguments: [row[0] as String]),
                (r[1] as Int) > 0
            {
                filled.append((row[0], TimerColumns(next: (r[0] as Int?).map(Instant.init(secondsSinceEpoch:)), count: r[1])))
            }
        }
        for (id, columns) in filled {
            try db.execute(sql: #"UPDATE "case" SET next_timer_at = ?, timers = ? WHERE id = ?"#,
                           arguments: [columns.next?.secondsSinceEpoch, columns.count, id])
        }
    }
}
