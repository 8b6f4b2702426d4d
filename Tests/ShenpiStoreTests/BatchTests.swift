import GRDB
import ShenpiEngine
@testable import ShenpiStore
import XCTest

final class BatchTests: XCTestCase {
    func testARefusedCommandInABatchLeavesTheOthersCommitted() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.batch { tx in
            try tx.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
            try tx.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:31"))
            XCTAssertThrowsError(try tx.apply("C-1", StoreFixtures.branches[0], expectedVersion: 1, at: at("2025-09-22T10:00")))
            try tx.apply("C-2", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        }
        XCTAssertEqual(try engine.case("C-1").version, 1)
        XCTAssertEqual(try engine.case("C-2").version, 2)
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    func testAnUncaughtErrorRollsTheBatchBack() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        XCTAssertThrowsError(try engine.batch { tx in
            try tx.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
            try tx.apply("C-1", StoreFixtures.branches[0], expectedVersion: 1, at: at("2025-09-22T10:00"))
        })
        XCTAssertEqual(try counts(engine.database)["case"], 0)
    }

    /// SQLite rolls the whole transaction back by itself after some errors
    /// (here an interrupt): the commands after it in the group must not
    /// start a transaction of their own and commit while the group fails.
    func testAfterSQLiteAbortsTheGroupNoLaterCommandCommits() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        var later: Result<CaseUpdate, Error>?
        XCTAssertThrowsError(try engine.batch { batch in
            _ = try? batch.isolated {
                try batch.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:40"))
                let writer = engine.database.writer
                batch.db.add(function: DatabaseFunction("interruptNow", argumentCount: 0, pure: false) { _ in
                    writer.interrupt()
                    return 0
                })
                try batch.db.execute(sql: #"UPDATE "case" SET updated_at = updated_at + interruptNow()"#)
            }
            XCTAssertFalse(batch.db.isInsideTransaction, "SQLite ended the transaction")
            later = Result { try batch.isolated { try batch.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00")) } }
        })
        XCTAssertThrowsError(try later?.get(), "the later command is refused, not run in a transaction of its own")
        XCTAssertEqual(try engine.case("C-1").state.version, 1)
        XCTAssertFalse(try engine.database.writer.read { try CaseRow.exists($0, id: "C-2") })
    }
}
