import GRDB
@testable import ShenpiStore
import XCTest

final class MigrationTests: XCTestCase {
    func testMigratesAnEmptyDatabase() throws {
        let db = try AppDatabase.inMemory()
        let tables = try db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        XCTAssertEqual(tables, ["case", "event", "grdb_migrations", "idempotency", "machine", "outbox", "rating", "timer", "token"])
        XCTAssertEqual(try db.writer.read { try AppDatabase.migrator.appliedIdentifiers($0) }, [Migrations.first, Migrations.daemon, Migrations.timerOrder])
    }

    func testAVersion1DatabaseGainsTheDaemonTablesAndKeepsItsOutbox() throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: Migrations.first)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO machine VALUES ('f', 'w', 1, x'00', 0)")
            try db.execute(sql: """
                INSERT INTO "case" (id, fingerprint, workflow, status, version, snapshot, event_count, head_hash, created_at, updated_at)
                VALUES ('C-1', 'f', 'w', 'active', 1, x'00', 0, x'00', 0, 0)
                """)
            try db.execute(sql: "INSERT INTO outbox (case_id, recipient, text, created_at) VALUES ('C-1', 'applicant', 'hello', 5)")
        }
        let db = try AppDatabase(queue)
        XCTAssertEqual(try db.writer.read { try AppDatabase.migrator.appliedIdentifiers($0) }, [Migrations.first, Migrations.daemon, Migrations.timerOrder])
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

    /// A store written before `scheduled_seq` gets each timer's scheduling event seq.
    func testTheTimerOrderMigrationBackfillsFromTheEvents() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        let m = try StoreFixtures.machine()
        var before: [Row] = []
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
            try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
            before = try engine.database.writer.read { try Row.fetchAll($0, sql: "SELECT timer_id, scheduled_seq FROM timer ORDER BY timer_id") }
        }
        XCTAssertTrue(before.allSatisfy { ($0[1] as Int) > 0 })
        // Back to the v1 schema, as a store of the previous release.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                DROP INDEX timer_due;
                ALTER TABLE timer DROP COLUMN scheduled_seq;
                CREATE INDEX timer_due ON timer(due_at, case_id, timer_id);
                DELETE FROM grdb_migrations WHERE identifier = '\(Migrations.timerOrder)';
                """)
        }
        let db = try AppDatabase.openFile(atPath: path)
        XCTAssertEqual(try db.writer.read { try Row.fetchAll($0, sql: "SELECT timer_id, scheduled_seq FROM timer ORDER BY timer_id") }, before)
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
        XCTAssertThrowsError(try engine.database.writer.write { try $0.execute(sql: "UPDATE event SET version = 99") })
        XCTAssertThrowsError(try engine.database.writer.write { try $0.execute(sql: "DELETE FROM event") })
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
    }
}
