import Foundation
import GRDB
@testable import ShenpiStore

/// Stores as releases before `v4-command-log` wrote them: one log row per
/// event, each chained on its own (`hash = SHA-256(prev ‖ event)`).
enum LegacyStore {
    /// Rewrites a current store's log in the per-event form and forgets
    /// `v4-command-log`, as if the previous release had written it.
    static func downgradeToEventLog(_ path: String) throws {
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
}
