import GRDB
@testable import ShenpiStore
import XCTest

final class MigrationTests: XCTestCase {
    static let all: Set<String> = [Migrations.first, Migrations.daemon, Migrations.timerOrder, Migrations.commandLog, Migrations.timersOnCase,
                                         Migrations.subcases, Migrations.workItems, Migrations.deliveryIDs,
                                         Migrations.engineRules3, Migrations.followUps, Migrations.actedAt,
                                         Migrations.callbackFollowUps, Migrations.engineRules6,
                                         Migrations.engineRules7, Migrations.engineRules8, Migrations.engineRules9,
                                         Migrations.engineRules10]

    func testMigratesAnEmptyDatabase() throws {
        let db = try AppDatabase.inMemory()
        let tables = try db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        XCTAssertEqual(tables, ["case", "case_acted", "command_log", "grdb_migrations", "idempotency", "machine", "outbox", "rating", "subcase", "token", "work_item"])
        XCTAssertEqual(try db.writer.read { try AppDatabase.migrator.appliedIdentifiers($0) }, Self.all)
    }

    func testAVersion1DatabaseGainsTheDaemonTablesAndKeepsItsOutbox() throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: Migrations.first)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO machine VALUES ('f', 'w', 1, x'00', 0)")
            try db.execute(sql: """
                INSERT INTO "case" (id, fingerprint, workflow, status, version, snapshot, event_count, head_hash, created_at, updated_at)
                VALUES ('C-1', 'f', 'w', 'active', 1, x'00', 0, zeroblob(32), 0, 0)
                """)
            try db.execute(sql: "INSERT INTO outbox (case_id, recipient, text, created_at) VALUES ('C-1', 'applicant', 'hello', 5)")
        }
        let db = try AppDatabase(queue)
        XCTAssertEqual(try db.writer.read { try AppDatabase.migrator.appliedIdentifiers($0) }, Self.all)
        let messages = try Outbox(database: db).messages(caseID: "C-1")
        XCTAssertEqual(messages.map(\.text), ["hello"])
        XCTAssertEqual(messages.first?.status, "pending")
    }

    func testReopeningAFileKeepsItsDataAndMigratesNothingTwice() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        do {
            let db = try AppDatabase.openFile(atPath: path)
            try db.writer.write { try $0.execute(sql: "INSERT INTO machine VALUES ('f', 'w', 1, x'00', 0)") }
        }
        let db = try AppDatabase.openFile(atPath: path)
        XCTAssertEqual(try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM machine") }, 1)
    }

    /// A file a later release wrote (a migration this build does not know)
    /// is refused for writing: neither the daemon nor `shenpi token` touch
    /// it — not a byte, and nothing in a `-wal` beside it.
    func testAFileOfALaterReleaseIsNotOpenedForWriting() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        try AppDatabase.openFile(atPath: path).close()
        let raw = try DatabaseQueue(path: path)
        try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try raw.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try? FileManager.default.removeItem(atPath: path + "-wal")
        XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) {
            XCTAssertEqual($0 as? StoreOpenError, .newerSchema(path, ["v99-from-the-future"]))
            XCTAssertTrue("\($0)".contains("(unknown migrations: v99-from-the-future), so this release does not open it"), "\($0)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        // A read-only look may leave SQLite's empty `-wal` beside it, never a page in it.
        XCTAssertEqual((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0, 0)
    }

    /// Another application's database, or a file that is not SQLite, is
    /// refused for writing and left byte for byte as it was (no Shenpi
    /// tables, no WAL); an empty file is a new store.
    func testAForeignFileIsNotOpenedForWriting() throws {
        let dir = try TemporaryDirectory()
        let other = dir.file("other.sqlite")
        let raw = try DatabaseQueue(path: other)
        try raw.write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
        try raw.close()
        let text = dir.file("notes.txt")
        try "not a database at all, just some text that is long enough".write(toFile: text, atomically: true, encoding: .utf8)
        // Another GRDB application: a migrations table, but not our migrations.
        let grdb = dir.file("grdb-app.sqlite")
        let app = try DatabaseQueue(path: grdb)
        try app.write { try $0.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createPlayers'); CREATE TABLE player (id)") }
        try app.close()
        for path in [other, text, grdb] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) { XCTAssertEqual($0 as? StoreOpenError, .notShenpi(path)) }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, path)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"), path)
        }
        let empty = dir.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        try AppDatabase.openFile(atPath: empty).close()
        XCTAssertEqual(try AppDatabase.openExisting(atPath: empty).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM machine") }, 0)
        // A first start stopped inside its first migration (SIGKILL 0.06 s in) left GRDB's
        // empty migrations table alone: a store not yet begun, migrated at the next start.
        let interrupted = dir.file("interrupted.sqlite")
        let begun = try DatabaseQueue(path: interrupted)
        try begun.write { try $0.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
        try begun.close()
        try AppDatabase.openFile(atPath: interrupted).close()
        XCTAssertEqual(try AppDatabase.openExisting(atPath: interrupted).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM machine") }, 0)
    }

    /// A folder or a named pipe where the store should be is named as such,
    /// for writing and for reading, instead of SQLite's `disk I/O error`.
    func testAFolderOrAPipeIsNotAStore() throws {
        let dir = try TemporaryDirectory()
        let pipe = dir.file("pipe.db")
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let folder = dir.file("folder.db")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let expected = [pipe: "it is a named pipe, not a regular file", folder: "it is a folder"]
        for (path, reason) in expected {
            XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) { XCTAssertEqual($0 as? StoreOpenError, .unreadable(path, reason)) }
            XCTAssertThrowsError(try AppDatabase.openExisting(atPath: path)) { XCTAssertEqual($0 as? StoreOpenError, .unreadable(path, reason)) }
        }
        XCTAssertEqual("\(StoreOpenError.unreadable(pipe, expected[pipe]!))", "cannot open \(pipe) for reading: it is a named pipe, not a regular file")
    }

    /// A stopped daemon's database file holds every commit by itself: an
    /// operator who copies or keeps only `shenpi.db` loses nothing.
    func testClosingCopiesTheWALIntoTheFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        let db = try AppDatabase.openFile(atPath: path)
        try db.writer.write { try $0.execute(sql: "INSERT INTO machine VALUES ('f', 'w', 1, x'00', 0)") }
        try db.close()
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        XCTAssertEqual(wal, 0, "the WAL is empty (or gone)")
        try FileManager.default.copyItem(atPath: path, toPath: dir.file("alone.sqlite"))
        let copy = try DatabaseQueue(path: dir.file("alone.sqlite"))
        XCTAssertEqual(try copy.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM machine") }, 1)
    }

    /// A store of an earlier release (timer rows, per-event log, no
    /// `scheduled_seq`) upgrades through every migration: the case rows say
    /// when their first timer falls due, the timers are those the snapshots
    /// hold, and the audit passes.
    func testAStoreWithATimerTableGetsTheTimerColumns() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        var before: [String] = []
        var columns: [Row] = []
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            before = try engine.pendingTimers().map { "\($0.caseID) \($0.timer.id)@\($0.timer.at)" }
            columns = try engine.database.writer.read { try Row.fetchAll($0, sql: #"SELECT id, next_timer_at, timers FROM "case" ORDER BY id"#) }
        }
        XCTAssertFalse(before.isEmpty)
        XCTAssertTrue(columns.contains { ($0[2] as Int) > 0 } && columns.contains { ($0[2] as Int) == 0 }, "\(columns)")
        try LegacyStore.downgradeToTimerTable(path)
        XCTAssertEqual(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM timer") }, before.count)
        try LegacyStore.downgradeToEventLog(path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                DROP INDEX timer_due;
                ALTER TABLE timer DROP COLUMN scheduled_seq;
                CREATE INDEX timer_due ON timer(due_at, case_id, timer_id);
                DELETE FROM grdb_migrations WHERE identifier = '\(Migrations.timerOrder)';
                """)
        }
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        XCTAssertEqual(try engine.pendingTimers().map { "\($0.caseID) \($0.timer.id)@\($0.timer.at)" }, before)
        XCTAssertEqual(try engine.database.writer.read { try Row.fetchAll($0, sql: #"SELECT id, next_timer_at, timers FROM "case" ORDER BY id"#) }, columns)
        XCTAssertEqual(try engine.database.writer.read { try AppDatabase.migrator.appliedIdentifiers($0) }, Self.all)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A store of an earlier release is backed up as it is; the read-only
    /// audit refuses the copy until a copy of it is upgraded, which then passes.
    func testAStoreOfAnEarlierReleaseIsBackedUpAndItsUpgradedCopyAudits() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try LegacyStore.downgradeToTimerTable(path)
        let copy = dir.file("copy.sqlite")
        try AppDatabase.backup(fromPath: path, toPath: copy)
        XCTAssertThrowsError(try StoreAudit.verify(fileAtPath: copy)) { error in
            guard case StoreOpenError.olderSchema = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("to read a backup you keep for the earlier release, upgrade a copy"), "\(error)")
        }
        _ = try AppDatabase.openFile(atPath: copy)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: copy, calendars: StoreFixtures.calendars).mismatch)
    }

    /// Timer rows the snapshot does not have (an edit, a deleted case) would
    /// vanish with the table; moving the timers refuses them instead.
    func testTimerRowsThatAreNotTheSnapshotsStopTheMove() throws {
        for (sql, reason) in [
            ("UPDATE timer SET due_at = due_at + 60 WHERE case_id = 'C-2' AND timer_id = 'case-timeout'",
             "case C-2: its timer rows differ from the pending timers of its snapshot (edited?)"),
            ("INSERT INTO timer VALUES ('C-9', 'case-timeout', 0, 'caseTimeout', 0)",
             "case C-9: its case row is gone but timer rows remain (deleted by hand?)"),
        ] {
            let dir = try TemporaryDirectory()
            let path = try writeStore(dir)
            try LegacyStore.downgradeToTimerTable(path)
            try tamper(path, sql)
            let tampered = try DatabaseQueue(path: path).read { try Row.fetchAll($0, sql: "SELECT * FROM timer ORDER BY 1, 2") }
            XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) { error in
                XCTAssertTrue("\(error)".contains("cannot move the timers to v5-timers-on-case: \(reason); the timer table was left as it was"), "\(error)")
            }
            XCTAssertEqual(try DatabaseQueue(path: path).read { try Row.fetchAll($0, sql: "SELECT * FROM timer ORDER BY 1, 2") }, tampered)
        }
    }

    /// A store with one log row per event becomes one row per command: the
    /// same chain heads (the conversion re-hashes exactly what the engine
    /// writes), the same histories, and the audit passes.
    func testTheCommandLogMigrationConvertsAPerEventLog() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let histories = try ["C-1", "C-2", "C-3"].map { try engine.case($0).history }
        let heads = try Self.heads(path)
        try LegacyStore.downgradeToEventLog(path)
        XCTAssertThrowsError(try AppDatabase.openExisting(atPath: path)) {
            XCTAssertEqual($0 as? StoreOpenError, .olderSchema(path))
            XCTAssertTrue("\($0)".contains("upgrade a copy (`cp \(path) /tmp/upgraded.db && shenpi token list --db /tmp/upgraded.db`)"), "\($0)")
        }
        XCTAssertNotEqual(try Self.heads(path), heads, "the per-event chain has other links")

        let upgraded = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        XCTAssertEqual(try Self.heads(path), heads)
        XCTAssertEqual(try ["C-1", "C-2", "C-3"].map { try upgraded.case($0).history }, histories)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
        XCTAssertFalse(try upgraded.database.writer.read { try $0.tableExists("event") })
    }

    /// Re-hashing must not launder an edit: a per-event log that does not
    /// verify stops the migration, and the file stays as it was.
    func testATamperedPerEventLogIsNotConverted() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try LegacyStore.downgradeToEventLog(path)
        try tamper(path, """
            DROP TRIGGER event_no_update;
            UPDATE event SET body = CAST(replace(CAST(body AS TEXT), '"w1"', '"w7"') AS BLOB) WHERE case_id = 'C-2' AND seq = 9;
            """)
        let tampered = try Self.dump(path)
        XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) { error in
            XCTAssertTrue("\(error)".contains("case C-2 does not verify at event 9 (edited or damaged); nothing was changed"), "\(error)")
        }
        XCTAssertEqual(try Self.dump(path), tampered)
    }

    /// The events of a case whose row was deleted by hand would vanish with
    /// the old table; the conversion refuses them instead.
    func testEventsOfADeletedCaseStopTheConversion() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try LegacyStore.downgradeToEventLog(path)
        try tamper(path, """
            DELETE FROM timer WHERE case_id = 'C-2'; DELETE FROM outbox WHERE case_id = 'C-2';
            DELETE FROM rating WHERE case_id = 'C-2'; DELETE FROM "case" WHERE id = 'C-2';
            """)
        let tampered = try Self.dump(path)
        XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) { error in
            XCTAssertTrue("\(error)".contains("case C-2 does not verify at all: its case row is gone but 28 event rows remain (deleted by hand?); nothing was changed"),
                          "\(error)")
        }
        XCTAssertEqual(try Self.dump(path), tampered)
    }

    /// The version column is outside the old hash: it must agree with the body.
    func testAnEditedVersionColumnStopsTheConversion() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try LegacyStore.downgradeToEventLog(path)
        let seq = try XCTUnwrap(DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT MAX(seq) FROM event WHERE case_id = 'C-2'") })
        try tamper(path, "DROP TRIGGER event_no_update; UPDATE event SET version = 1 WHERE case_id = 'C-2' AND seq = \(seq)")
        XCTAssertThrowsError(try AppDatabase.openFile(atPath: path)) { error in
            XCTAssertTrue("\(error)".contains("case C-2 does not verify at event \(seq) (its version column was edited); nothing was changed"), "\(error)")
        }
    }

    static func heads(_ path: String) throws -> [Data] {
        try DatabaseQueue(path: path).read { try Data.fetchAll($0, sql: #"SELECT head_hash FROM "case" ORDER BY id"#) }
    }

    /// Every row of the tables a migration could touch.
    static func dump(_ path: String) throws -> [[Row]] {
        try DatabaseQueue(path: path).read { db in
            try ["grdb_migrations", "event", "case", "timer"].map { try Row.fetchAll(db, sql: "SELECT * FROM \"\($0)\" ORDER BY 1") }
        }
    }

    func testFilesUseWALAndTheConfiguredDurability() throws {
        let dir = try TemporaryDirectory()
        let full = try AppDatabase.openFile(atPath: dir.file("full.sqlite"))
        XCTAssertEqual(try full.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }, "wal")
        XCTAssertEqual(try full.writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") }, 2, "FULL")
        let normal = try AppDatabase.openFile(atPath: dir.file("normal.sqlite"), durability: .normal)
        XCTAssertEqual(try normal.writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") }, 1, "NORMAL")
    }

    func testTheEventLogRefusesEditsAndDeletes() throws {
        let engine = try memoryEngine()
        try runRegistration(engine, id: "C-1")
        XCTAssertThrowsError(try engine.database.writer.write { try $0.execute(sql: "UPDATE command_log SET version = 99") })
        XCTAssertThrowsError(try engine.database.writer.write { try $0.execute(sql: "DELETE FROM command_log") })
    }

    func testOpeningSomethingElseForAuditIsRefused() throws {
        let dir = try TemporaryDirectory()
        XCTAssertThrowsError(try AppDatabase.openExisting(atPath: dir.file("missing.sqlite"))) {
            XCTAssertEqual($0 as? StoreOpenError, .missing(dir.file("missing.sqlite")))
        }
        let text = dir.file("notes.txt")
        try "not a database at all, just some text that is long enough".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try AppDatabase.openExisting(atPath: text)) { XCTAssertEqual($0 as? StoreOpenError, .notShenpi(text)) }
        let other = dir.file("other.sqlite")
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        XCTAssertThrowsError(try AppDatabase.openExisting(atPath: other)) { XCTAssertEqual($0 as? StoreOpenError, .notShenpi(other)) }
        // What SQLite cannot open at all is said so, not called foreign.
        let folder = dir.file("a-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try AppDatabase.openExisting(atPath: folder)) {
            XCTAssertTrue("\($0)".hasPrefix("cannot open \(folder) for reading: "), "\($0)")  // SQLite's reason follows
        }
    }
}
