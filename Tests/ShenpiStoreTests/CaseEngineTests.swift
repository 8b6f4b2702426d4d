import GRDB
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

final class CaseEngineTests: XCTestCase {
    func testBusinessRegistrationRunsToItsOutcome() throws {
        let engine = try memoryEngine()
        let last = try runRegistration(engine, id: "C-1")
        XCTAssertEqual(last.state.status, .finished(outcome: "approved"))
        XCTAssertTrue(last.effects.contains(.finished(outcome: "approved")))

        let record = try engine.case("C-1")
        XCTAssertEqual(record.state, last.state)
        XCTAssertEqual(record.version, 8, "submit, accept, five branch decisions, issue")
        XCTAssertEqual(record.history.map(\.seq), Array(1...record.history.count))
        XCTAssertEqual(CaseState.replay(record.history.map(\.event)), record.state)
        XCTAssertEqual(record.history.last?.hash.count, 64)
        let c = try counts(engine.database)
        XCTAssertEqual(c["timer"], 0, "a finished case has no timers left")
        XCTAssertGreaterThan(c["outbox"] ?? 0, 0, "notifications went to the outbox")
    }

    func testRatingIsStored() throws {
        let engine = try memoryEngine()
        let last = try runRegistration(engine, id: "C-1")
        try engine.apply("C-1", .rate(level: 2, comment: "等太久"), expectedVersion: last.version, at: at("2025-09-25T10:00"))
        let row = try engine.database.writer.read { try Row.fetchOne($0, sql: "SELECT level, comment FROM rating WHERE case_id = 'C-1'") }
        XCTAssertEqual(row?[0], 2)
        XCTAssertEqual(row?[1], "等太久")
    }

    func testAStaleVersionIsAConflictAndChangesNothing() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        let opened = try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: opened.version, at: at("2025-09-22T10:00"))
        let before = try counts(engine.database)
        XCTAssertThrowsError(try engine.apply("C-1", StoreFixtures.branches[0], expectedVersion: opened.version, at: at("2025-09-23T09:00"))) {
            XCTAssertEqual($0 as? CaseEngineError, .versionConflict(current: 2))
        }
        XCTAssertEqual(try counts(engine.database), before)
        // Without an expected version the same command goes through.
        XCTAssertEqual(try engine.apply("C-1", StoreFixtures.branches[0], expectedVersion: nil, at: at("2025-09-23T09:00")).version, 3)
    }

    func testRefusalsAreTyped() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        XCTAssertThrowsError(try engine.apply("nope", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T10:00"))) {
            XCTAssertEqual($0 as? CaseEngineError, .notFound("nope"))
        }
        XCTAssertThrowsError(try engine.open("C-1", machine: .workflow("no-such-flow"), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))) {
            XCTAssertEqual($0 as? CaseEngineError, .machineMissing("no-such-flow"))
        }
        XCTAssertThrowsError(try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.accept, at: at("2025-09-22T09:30"))) {
            XCTAssertEqual($0 as? CaseEngineError, .notASubmission)
        }
        try engine.open("C-1", machine: .fingerprint(m.fingerprint), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        XCTAssertThrowsError(try engine.open("C-1", machine: .fingerprint(m.fingerprint), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:31"))) {
            XCTAssertEqual($0 as? CaseEngineError, .alreadyExists("C-1"))
        }
        let wrongRole = ShenpiEngine.Command.decide(node: "accept", decision: "accept", actor: StoreFixtures.officer("x", "market-head"), comment: nil)
        let before = try counts(engine.database)
        XCTAssertThrowsError(try engine.apply("C-1", wrongRole, expectedVersion: 1, at: at("2025-09-22T10:00"))) {
            XCTAssertEqual($0 as? CaseEngineError, .engine(.actorLacksRole(actor: "x", role: "window")))
        }
        XCTAssertEqual(try counts(engine.database), before)
        XCTAssertEqual(try engine.case("C-1").version, 1)
    }

    func testACommandDatedBeforeTheLastChangeWritesNothing() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        let before = try counts(engine.database)
        XCTAssertThrowsError(try engine.apply("C-1", StoreFixtures.branches[2], expectedVersion: 2, at: at("2025-09-22T09:45"))) {
            XCTAssertEqual($0 as? CaseEngineError, .engine(.timeWentBackwards(last: at("2025-09-22T10:00"), now: at("2025-09-22T09:45"))))
        }
        XCTAssertEqual(try counts(engine.database), before)
        XCTAssertEqual(try engine.case("C-1").version, 2)
    }

    func testWorkQueuesFollowTheActiveTasks() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        for id in ["C-1", "C-2"] {
            try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        }
        XCTAssertEqual(try engine.workQueue(role: "window").map(\.caseID), ["C-1", "C-2"])
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        XCTAssertEqual(try engine.workQueue(role: "window").map(\.caseID), ["C-2"])
        let quality = try engine.workQueue(role: "quality-officer")
        XCTAssertEqual(quality.map(\.node), ["quality-code"])
        XCTAssertEqual(quality.first?.caseVersion, 2)
        let roles = ["national-tax-officer": "tax", "local-tax-officer": "tax", "window": "center"]
        XCTAssertEqual(Set(try engine.workQueue(department: "tax", roleDepartments: roles).map(\.node)),
                       ["national-tax-register", "local-tax-register"])
    }

    func testListingsByStatusAndColour() throws {
        let engine = try memoryEngine()
        try runRegistration(engine, id: "DONE")
        let m = try StoreFixtures.machine()
        try engine.open("LATE", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("LATE", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        // Promised 5 workdays from 9/22 (9/28, a Sunday, is worked): due at the end of 9/28, yellow from 9/28.
        XCTAssertEqual(try engine.cases(status: .active, at: at("2025-09-23T12:00")).map(\.colour), [.normal])
        XCTAssertEqual(try engine.cases(colour: .yellow, at: at("2025-09-28T12:00")).map(\.id), ["LATE"])
        XCTAssertEqual(try engine.cases(colour: .red, at: at("2025-10-20T12:00")).map(\.id), ["LATE"])
        // The finished case was on time and stays so, however late we look.
        XCTAssertEqual(try engine.cases(status: .finished, at: at("2026-03-01T12:00")).map(\.colour), [.normal])
        XCTAssertEqual(try engine.cases(at: at("2025-10-20T12:00")).map(\.id), ["DONE", "LATE"])
    }
}
