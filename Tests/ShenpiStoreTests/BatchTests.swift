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
}
