import GRDB
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// A command's events, snapshot, timers and outbox are written together or not at all.
final class TransactionTests: XCTestCase {
    struct Injected: Error {}

    func testAFailureAtAnyStageLeavesNoTrace() throws {
        for stage in [PersistStage.afterEvents, .afterSnapshot, .afterOutbox] {
            let armed = Armed()
            let engine = try memoryEngine(fault: { if armed.stage == $0 { throw Injected() } })
            let m = try StoreFixtures.machine()
            try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
            let before = try engine.case("C-1")
            let rows = try counts(engine.database)
            let timers = try engine.pendingTimers().map(\.timer.id)

            armed.stage = stage
            // Acceptance writes events, a new snapshot, cancels and schedules timers and notifies.
            XCTAssertThrowsError(try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00")), "\(stage)") {
                XCTAssertTrue($0 is Injected, "\(stage): \($0)")
            }
            XCTAssertEqual(try engine.case("C-1"), before, "\(stage)")
            XCTAssertEqual(try counts(engine.database), rows, "\(stage)")
            XCTAssertEqual(try engine.pendingTimers().map(\.timer.id), timers, "\(stage)")

            armed.stage = nil
            XCTAssertEqual(try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00")).version, 2)
            XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
        }
    }

    func testAFailedOpenLeavesNoCase() throws {
        let engine = try memoryEngine(fault: { if $0 == .afterOutbox { throw Injected() } })
        let m = try StoreFixtures.machine()
        XCTAssertThrowsError(try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30")))
        XCTAssertEqual(try counts(engine.database), ["case": 0, "command_log": 0, "timer": 0, "outbox": 0, "rating": 0])
        XCTAssertThrowsError(try engine.case("C-1")) { XCTAssertEqual($0 as? CaseEngineError, .notFound("C-1")) }
    }

    func testAConstraintViolationRollsBackTheWholeCommand() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        let before = try engine.case("C-1")
        let rows = try counts(engine.database)
        // A stray row where the outbox insert will go makes the last write of the command fail.
        try engine.database.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER outbox_jammed BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'jammed'); END")
        }
        XCTAssertThrowsError(try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))) {
            XCTAssertTrue($0 is DatabaseError, "\($0)")
        }
        XCTAssertEqual(try engine.case("C-1"), before)
        XCTAssertEqual(try counts(engine.database), rows)
    }
}

/// Which stage the fault hook fails at; changed between commands of one test.
final class Armed: @unchecked Sendable {
    private let lock = NSLock()
    private var _stage: PersistStage?
    var stage: PersistStage? {
        get { lock.withLock { _stage } }
        set { lock.withLock { _stage = newValue } }
    }
}
