import GRDB

/// The schema, as named migrations. Append only: a migration that shipped is
/// never edited; a change is a new migration at the end.
enum Migrations {
    static let first = "v1-cases-events-timers"
    static let daemon = "v2-tokens-idempotency-delivery"
    static let timerOrder = "v3-timer-scheduling-order"
    static let commandLog = "v4-command-log"
    static let timersOnCase = "v5-timers-on-case"
    static let subcases = "v6-subcases"
    static let workItems = "v7-work-items"
    static let deliveryIDs = "v8-delivery-ids"
    static let engineRules3 = "v9-engine-rules-3"
    static let followUps = "v10-follow-ups"
    static let actedAt = "v11-acted-at"
    static let callbackFollowUps = "v12-callback-follow-ups"
    static let engineRules6 = "v13-engine-rules-6"
    static let engineRules7 = "v14-engine-rules-7"
    static let engineRules8 = "v15-engine-rules-8"
    static let engineRules9 = "v16-engine-rules-9"
    static let engineRules10 = "v17-engine-rules-10"
}

extension AppDatabase {
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration(Migrations.first) { db in
            // Every deployed version of every flow, by content fingerprint.
            try db.execute(sql: """
                CREATE TABLE machine (
                  fingerprint TEXT PRIMARY KEY NOT NULL,
                  workflow TEXT NOT NULL,
                  version INTEGER NOT NULL,
                  json BLOB NOT NULL,
                  deployed_at INTEGER NOT NULL);
                CREATE INDEX machine_workflow ON machine(workflow, version);

                CREATE TABLE "case" (
                  id TEXT PRIMARY KEY NOT NULL,
                  fingerprint TEXT NOT NULL REFERENCES machine(fingerprint),
                  workflow TEXT NOT NULL,
                  status TEXT NOT NULL,
                  outcome TEXT,
                  version INTEGER NOT NULL,
                  snapshot BLOB NOT NULL,
                  event_count INTEGER NOT NULL,
                  head_hash BLOB NOT NULL,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL,
                  due_at INTEGER,
                  warn_at INTEGER,
                  finished_at INTEGER,
                  on_time INTEGER);
                CREATE INDEX case_status ON "case"(status, due_at);

                CREATE TABLE event (
                  case_id TEXT NOT NULL REFERENCES "case"(id),
                  seq INTEGER NOT NULL,
                  version INTEGER NOT NULL,
                  body BLOB NOT NULL,
                  prev_hash BLOB NOT NULL,
                  hash BLOB NOT NULL,
                  PRIMARY KEY (case_id, seq)) WITHOUT ROWID;

                CREATE TABLE timer (
                  case_id TEXT NOT NULL REFERENCES "case"(id),
                  timer_id TEXT NOT NULL,
                  due_at INTEGER NOT NULL,
                  kind TEXT NOT NULL,
                  PRIMARY KEY (case_id, timer_id)) WITHOUT ROWID;
                CREATE INDEX timer_due ON timer(due_at, case_id, timer_id);

                CREATE TABLE outbox (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  case_id TEXT NOT NULL REFERENCES "case"(id),
                  recipient TEXT NOT NULL,
                  text TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  delivered_at INTEGER,
                  attempts INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;

                CREATE TABLE rating (
                  case_id TEXT PRIMARY KEY NOT NULL REFERENCES "case"(id),
                  level INTEGER NOT NULL,
                  comment TEXT,
                  at INTEGER NOT NULL);

                -- The event log is append-only: edits and deletes are refused
                -- (a hand edit must drop these triggers first, and audit still sees it).
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                """)
        }
        m.registerMigration(Migrations.daemon) { db in
            try db.execute(sql: """
                -- API users: one bearer token each, stored only as its SHA-256.
                CREATE TABLE token (
                  id TEXT PRIMARY KEY NOT NULL,
                  name TEXT NOT NULL,
                  hash BLOB NOT NULL UNIQUE,
                  department TEXT,
                  roles TEXT NOT NULL,
                  scopes TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  revoked_at INTEGER);
                CREATE UNIQUE INDEX token_active_name ON token(name) WHERE revoked_at IS NULL;

                -- The first successful response to each (user, Idempotency-Key), written
                -- in the transaction of the command it answers.
                CREATE TABLE idempotency (
                  principal TEXT NOT NULL,
                  key TEXT NOT NULL,
                  request_hash BLOB NOT NULL,
                  status INTEGER NOT NULL,
                  body BLOB NOT NULL,
                  created_at INTEGER NOT NULL,
                  PRIMARY KEY (principal, key)) WITHOUT ROWID;

                -- Delivery state of notifications: retried with backoff, given up visibly.
                ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;
                ALTER TABLE outbox ADD COLUMN last_error TEXT;
                ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
                CREATE INDEX outbox_case ON outbox(case_id, id);
                """)
        }
        m.registerMigration(Migrations.timerOrder) { db in
            // Timers due at one instant fire in the order the engine scheduled
            // them, as in `shenpi test`: by the seq of the event that scheduled
            // each (rows of older stores get it from their events).
            try db.execute(sql: """
                ALTER TABLE timer ADD COLUMN scheduled_seq INTEGER NOT NULL DEFAULT 0;
                UPDATE timer SET scheduled_seq = COALESCE((
                  SELECT MAX(e.seq) FROM event e WHERE e.case_id = timer.case_id
                    AND json_extract(CAST(e.body AS TEXT), '$.fact.timerScheduled._0.id') = timer.timer_id), 0);
                DROP INDEX timer_due;
                CREATE INDEX timer_due ON timer(due_at, case_id, scheduled_seq);
                """)
        }
        m.registerMigration(Migrations.commandLog) { db in
            // One log row per accepted command instead of one per event: a
            // command is the unit that commits, and a row per command cuts
            // the statements, hashes and pages of every transaction.
            try db.execute(sql: """
                CREATE TABLE command_log (
                  case_id TEXT NOT NULL REFERENCES "case"(id),
                  version INTEGER NOT NULL,
                  first_seq INTEGER NOT NULL,
                  event_count INTEGER NOT NULL,
                  body BLOB NOT NULL,
                  prev_hash BLOB NOT NULL,
                  hash BLOB NOT NULL);
                CREATE UNIQUE INDEX command_log_case ON command_log(case_id, version);
                CREATE TRIGGER command_log_no_update BEFORE UPDATE ON command_log
                  BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
                CREATE TRIGGER command_log_no_delete BEFORE DELETE ON command_log
                  BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
                """)
            try LogConversion.run(db)
            try db.execute(sql: """
                DROP TRIGGER event_no_update;
                DROP TRIGGER event_no_delete;
                DROP TABLE event;
                """)
        }
        m.registerMigration(Migrations.timersOnCase) { db in
            // The pending timers are in the snapshot already: the case row
            // says when its first one falls due (and how many there are), and
            // the timer loop reads the rest from the snapshot. Two B-trees and
            // a statement per timer less in most commands.
            try db.execute(sql: """
                ALTER TABLE "case" ADD COLUMN next_timer_at INTEGER;
                ALTER TABLE "case" ADD COLUMN timers INTEGER NOT NULL DEFAULT 0;
                """)
            try TimerColumns.fill(db)
            try db.execute(sql: """
                DROP TABLE timer;
                CREATE INDEX case_next_timer ON "case"(next_timer_at, id, timers) WHERE next_timer_at IS NOT NULL;
                """)
        }
        m.registerMigration(Migrations.subcases) { db in
            // A call step's flow runs as a case of its own: which case and
            // step (and token) opened it, to hand its outcome back.
            try db.execute(sql: """
                CREATE TABLE subcase (
                  child_id TEXT PRIMARY KEY NOT NULL REFERENCES "case"(id),
                  parent_id TEXT NOT NULL REFERENCES "case"(id),
                  node TEXT NOT NULL,
                  token INTEGER NOT NULL,
                  created_at INTEGER NOT NULL);
                CREATE INDEX subcase_parent ON subcase(parent_id, token);
                """)
        }
        m.registerMigration(Migrations.workItems) { db in
            // The work queues' index: a task token of an active case per row,
            // by role and entry time, written with the snapshot it comes from.
            // A queue then reads a page of rows, not every active case. No
            // foreign key: derived rows, checked by the audit (orphans too).
            try db.execute(sql: """
                CREATE TABLE work_item (
                  role TEXT NOT NULL,
                  entered_at INTEGER NOT NULL,
                  case_id TEXT NOT NULL,
                  token INTEGER NOT NULL,
                  node TEXT NOT NULL,
                  PRIMARY KEY (role, entered_at, case_id, token)) WITHOUT ROWID;

                -- Listings filter on the machines the caller may read, then status:
                -- counted and paged on the index alone. Nothing read due_at through
                -- it, and an entry that changes only when the status does is
                -- rewritten by fewer commands.
                DROP INDEX case_status;
                CREATE INDEX case_listing ON "case"(fingerprint, status);
                """)
            try WorkItemRow.fill(db)
        }
        m.registerMigration(Migrations.deliveryIDs) { db in
            // The delivery id a gateway deduplicates on was `shenpi-<rowid>`;
            // a store restored from a backup hands out those rowids again, for
            // other messages, which a gateway would then drop. New messages
            // get an id drawn from their command's hash; older rows keep theirs
            // (NULL reads as `shenpi-<rowid>`), so a retry stays a retry.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN delivery_id TEXT")
        }
        m.registerMigration(Migrations.engineRules3) { _ in
            // No table changes: it marks a store that may hold cases under
            // engine rules 3 and the `pauseExpected` fact, so that an older
            // binary refuses it (unknown migration) rather than running a
            // rules-3 case under rules 2 or failing on an event it cannot read.
        }
        m.registerMigration(Migrations.followUps) { _ in
            // No table changes (the report reads follow-ups and callbacks from
            // the case's log): it marks a store that may hold `followedUp` and
            // `calledBack` events, so that an older binary refuses it rather
            // than failing on an event it cannot read or writing snapshots
            // without the state they carry.
        }
        m.registerMigration(Migrations.actedAt) { db in
            // 只受不理 asks one thing of a case's log (did an officer act after
            // acceptance, and when first): a row here says it, so a report no
            // longer reads the log of every running case. A table of its own,
            // not a column of "case": filling it rewrites no case row (and
            // snapshot), and a command adds a row once instead. Filled from the logs.
            // It also keeps older binaries off a store that may hold cases under
            // engine rules 4, which they would re-run under their own.
            try db.execute(sql: """
                CREATE TABLE case_acted (
                  case_id TEXT PRIMARY KEY NOT NULL REFERENCES "case"(id),
                  at INTEGER NOT NULL) WITHOUT ROWID;
                """)
            try CaseActed.fill(db)
        }
        m.registerMigration(Migrations.callbackFollowUps) { _ in
            // No table changes: it keeps older binaries off a store that may
            // hold a follow-up of a dissatisfied callback on a case not rated
            // 差评 (which their audit would re-run and refuse) and cases under
            // engine rules 5 (special procedures at steps, side by side), which
            // they would re-run under their own.
        }
        m.registerMigration(Migrations.engineRules6) { _ in
            // No table changes: it keeps older binaries off a store that may
            // hold cases under engine rules 6 (a decision back to its own step
            // keeps the step's four-eyes reference), which they would re-run
            // under their own and refuse in the audit.
        }
        m.registerMigration(Migrations.engineRules7) { _ in
            // No table changes: it keeps older binaries off a store that may
            // hold cases under engine rules 7 (produced materials never
            // missing; a decision straight to a granted or refused outcome
            // accepts), which they would re-run under their own.
        }
        m.registerMigration(Migrations.engineRules8) { _ in
            // No table changes: it keeps older binaries off a store that may
            // hold cases under engine rules 8 (a step's clock held by its own
            // special procedure; procedures of cancelled branches end), which
            // they would re-run under their own.
        }
        m.registerMigration(Migrations.engineRules9) { _ in
            // No table changes: it keeps older binaries off a store that may
            // hold cases under engine rules 9 (a legal limit in calendar days
            // without a promise rolls past days off), which they would re-run
            // under their own.
        }
        m.registerMigration(Migrations.engineRules10) { _ in
            // No table changes: it keeps older binaries off a store that may
            // hold cases under engine rules 10 (a due time within a day in
            // notices without the ISO `T`), which they would re-run under
            // their own.
        }
        return m
    }()
}
