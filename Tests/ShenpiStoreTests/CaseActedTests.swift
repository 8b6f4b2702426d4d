import Foundation
import GRDB
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// The `case_acted` table (the first officer action after acceptance):
/// written by the command that holds it, filled by the `v11` upgrade,
/// checked by the audit, and read by the report instead of the log.
final class CaseActedTests: XCTestCase {
    func acted(_ path: String) throws -> [String: Int?] {
        let rows = try DatabaseQueue(path: path).read {
            try Row.fetchAll($0, sql: #"SELECT id, a.at FROM "case" LEFT JOIN case_acted a ON a.case_id = id"#)
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    }

    /// C-1: accepted 9/22 10:00 (the window's decision is the acceptance, not
    /// an action after it), first branch decided 9/23 09:00, five more after.
    /// C-2: accepted only. C-3: submitted only.
    static let expected: [String: Int?] = ["C-1": at("2025-09-23T09:00").secondsSinceEpoch, "C-2": nil, "C-3": nil]

    func testTheFirstOfficerActionAfterAcceptanceIsWrittenOnce() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        XCTAssertEqual(try acted(path), Self.expected)
    }

    func testAutomaticAndApplicantEventsAreNotActions() {
        let t = at("2025-09-22T10:00")
        func event(_ actor: String, automatic: Bool = false, _ fact: Fact) -> CaseEvent {
            CaseEvent(version: 2, at: t, actor: actor, automatic: automatic, fact: fact)
        }
        let decided = Fact.decided(node: "review", decision: "pass", comment: nil)
        let accepted = Fact.accepted(deemed: true, clockStart: t)
        XCTAssertNil(CaseActed.firstAction(in: [event("system", automatic: true, accepted), event("system", automatic: true, decided)],
                                             acceptedBefore: false))
        XCTAssertNil(CaseActed.firstAction(in: [event("applicant", decided)], acceptedBefore: true))
        XCTAssertNil(CaseActed.firstAction(in: [event("w1", decided)], acceptedBefore: false), "before acceptance")
        XCTAssertEqual(CaseActed.firstAction(in: [event("w1", decided)], acceptedBefore: true), t)
        XCTAssertEqual(CaseActed.firstAction(in: [event("w1", decided), event("system", automatic: true, accepted), event("m1", decided)],
                                               acceptedBefore: false), t)
        // Engine rules 8: a sub-case's outcome deciding the call step is automatic, in the
        // sub-case's name: its officers did the work, so it counts, as under rules 7.
        XCTAssertEqual(CaseActed.firstAction(in: [event("PT-1~deed-tax~3", automatic: true, decided)], acceptedBefore: true), t)
    }

    func testTheAuditNamesAWrongColumn() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
        for (sql, id, reason) in [
            ("DELETE FROM case_acted WHERE case_id = 'C-1'", "C-1", "its case_acted row says none, its events say 2025-09-23T09:00:00+08:00"),
            ("INSERT INTO case_acted VALUES ('C-2', 0)", "C-2", "its case_acted row says 1970-01-01T08:00:00+08:00, its events say none"),
            ("INSERT INTO case_acted VALUES ('C-3', -1)", "C-3", "its case_acted row says unknown, its events say none"),
            ("INSERT INTO case_acted VALUES ('C-9', 5)", "C-9", "there is no case row, but the case_acted table holds 1 row for it (deleted?)"),
        ] {
            let copy = dir.file("copy-\(id).sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try tamper(copy, sql)
            let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: copy, calendars: StoreFixtures.calendars).mismatch, sql)
            XCTAssertEqual(mismatch.caseID, id)
            XCTAssertEqual(mismatch.reason, reason)
        }
    }

    /// A store of `v10` gets the table from its logs; a log that does not
    /// decode before the first action leaves `unknown` (after it, the action
    /// is known: the audit names the damage by its hash).
    func testTheUpgradeFillsTheColumnFromTheLogs() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let damaged = dir.file("damaged.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: damaged)
        try tamper(damaged, """
            DROP TRIGGER command_log_no_update;
            UPDATE command_log SET body = x'5b7b7d5d' WHERE case_id = 'C-2' AND version = 1;
            UPDATE command_log SET body = x'5b7b7d5d' WHERE case_id = 'C-1' AND version = 5;
            """)
        for file in [path, damaged] {
            try tamper(file, "DROP TABLE case_acted; DELETE FROM grdb_migrations WHERE identifier = 'v11-acted-at'")
            try AppDatabase.openFile(atPath: file).close()
        }
        XCTAssertEqual(try acted(path), Self.expected)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
        var withUnknown = Self.expected
        withUnknown["C-2"] = CaseActed.unknown
        XCTAssertEqual(try acted(damaged), withUnknown)
        XCTAssertEqual(try StoreAudit.verify(fileAtPath: damaged, calendars: StoreFixtures.calendars).mismatch?.caseID, "C-1")
    }

    /// A command that fails after its row was written leaves no row; the
    /// next decision writes its own instant.
    func testARefusedCommandLeavesNoRow() throws {
        struct Refused: Error {}
        final class Switch: @unchecked Sendable { var on = false }
        let fail = Switch()
        let engine = try memoryEngine(fault: { stage in if fail.on, stage == .afterOutbox { throw Refused() } })
        let m = try StoreFixtures.machine()
        try engine.open("X", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("X", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T10:00"))
        fail.on = true
        XCTAssertThrowsError(try engine.apply("X", StoreFixtures.branches[0], expectedVersion: nil, at: at("2025-09-23T09:00")))
        func row() throws -> Int? { try engine.database.writer.read { try Int.fetchOne($0, sql: "SELECT at FROM case_acted WHERE case_id = 'X'") } }
        XCTAssertNil(try row())
        fail.on = false
        try engine.apply("X", StoreFixtures.branches[0], expectedVersion: nil, at: at("2025-09-24T09:00"))
        try engine.apply("X", StoreFixtures.branches[2], expectedVersion: nil, at: at("2025-09-25T09:00"))
        XCTAssertEqual(try row(), at("2025-09-24T09:00").secondsSinceEpoch)
    }
}
