import Foundation
import GRDB
@testable import ShenpiStore

/// Stores as earlier releases wrote them: before `v5-timers-on-case`, a
/// timer table; before `v4-command-log`, also one log row per event, each
/// chained on its own (`hash = SHA-256(prev ‖ event)`).
enum LegacyStore {
    /// Rewrites a current store's log in the per-event form and forgets
    /// `v4-command-log`, as if the previous release had written it.
    static func downgradeToEventLog(_ path: String) throws {
        try downgradeToTimerTable(path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TABLE event (
                  case_id TEXT NOT NULL REFERENCES "case"(id),
                  seq INTEGER NOT NULL,
                  version INTEGER NOT NULL,
                  body BLOB NOT NULL,
                  prev_hash BLOB NOT NULL,
                  hash BLOB NOT NULL,
                  PRIMARY KEY (case_id, seq)) WITHOUT ROWID;
                """)
            for id in try String.fetchAll(db, sql: #"SELECT id FROM "case" ORDER BY rowid"#) {
                var prev = EventChain.genesis
                var seq = 0
                for row in try Row.fetchAll(db, sql: "SELECT version, body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [id]) {
                    for event in try EventChain.decodeEvents(row[1]) {
                        let body = try EventChain.canonicalEvent(event)
                        let hash = EventChain.link(prev, body)
                        seq += 1
                        try db.execute(sql: "INSERT INTO event VALUES (?, ?, ?, ?, ?, ?)", arguments: [id, seq, row[0], body, prev, hash])
                        prev = hash
                    }
                }
                try db.execute(sql: #"UPDATE "case" SET head_hash = ? WHERE id = ?"#, arguments: [prev, id])
            }
            try db.execute(sql: """
                DROP TABLE command_log;
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                DELETE FROM grdb_migrations WHERE identifier = '\(Migrations.commandLog)';
                """)
        }
    }

    /// Puts the pending timers back into their own table (the `v3` form:
    /// each row with the seq of the event that last scheduled it), drops the
    /// case row's timer columns and forgets `v5-timers-on-case`.
    static func downgradeToTimerTable(_ path: String) throws {
        try DatabaseQueue(path: path).write { db in
            guard try !db.tableExists("timer") else { return }  // already done
            try db.execute(sql: """
                CREATE TABLE timer (
                  case_id TEXT NOT NULL REFERENCES "case"(id),
                  timer_id TEXT NOT NULL,
                  due_at INTEGER NOT NULL,
                  kind TEXT NOT NULL,
                  scheduled_seq INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY (case_id, timer_id)) WITHOUT ROWID;
                CREATE INDEX timer_due ON timer(due_at, case_id, scheduled_seq);
                """)
            for row in try Row.fetchAll(db, sql: #"SELECT id, snapshot FROM "case" ORDER BY rowid"#) {
                let id: String = row[0]
                var scheduled: [String: Int] = [:]
                for log in try Row.fetchAll(db, sql: "SELECT first_seq, body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [id]) {
                    for (i, event) in try EventChain.decodeEvents(log[1]).enumerated() {
                        if case .timerScheduled(let t) = event.fact { scheduled[t.id] = (log[0] as Int) + i }
                    }
                }
                for t in try EventChain.decodeState(row[1]).pendingTimers {
                    try db.execute(sql: "INSERT INTO timer VALUES (?, ?, ?, ?, ?)",
                                   arguments: [id, t.id, t.at.secondsSinceEpoch, t.kind.rawValue, scheduled[t.id] ?? 0])
                }
            }
            try db.execute(sql: """
                DROP INDEX case_next_timer;
                ALTER TABLE "case" DROP COLUMN next_timer_at;
                ALTER TABLE "case" DROP COLUMN timers;
                DELETE FROM grdb_migrations WHERE identifier = '\(Migrations.timersOnCase)';
                """)
        }
    }
}
