import Foundation
import GRDB
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// The case row's `acted_at` (the first officer action after acceptance):
/// written by the command that holds it, filled by the `v11` upgrade,
/// checked by the audit, and read by the report instead of the log.
final class ActedColumnTests: XCTestCase {
    func acted(_ path: String) throws -> [String: Int?] {
        let rows = try DatabaseQueue(path: path).read { try Row.fetchAll($0, sql: #"SELECT id, acted_at FROM "case""#) }
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
        XCTAssertNil(ActedColumn.firstAction(in: [event("system", automatic: true, accepted), event("system", automatic: true, decided)],
                                             acceptedBefore: false))
        XCTAssertNil(ActedColumn.firstAction(in: [event("applicant", decided)], acceptedBefore: true))
        XCTAssertNil(ActedColumn.firstAction(in: [event("w1", decided)], acceptedBefore: false), "before acceptance")
        XCTAssertEqual(ActedColumn.firstAction(in: [event("w1", decided)], acceptedBefore: true), t)
        XCTAssertEqual(ActedColumn.firstAction(in: [event("w1", decided), event("system", automatic: true, accepted), event("m1", decided)],
                                               acceptedBefore: false), t)
    }

    func testTheAuditNamesAWrongColumn() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
        for (sql, id, reason) in [
            (#"UPDATE "case" SET acted_at = NULL WHERE id = 'C-1'"#, "C-1", "its acted_at column says null, its events say 2025-09-23T09:00:00+08:00"),
            (#"UPDATE "case" SET acted_at = 0 WHERE id = 'C-2'"#, "C-2", "its acted_at column says 1970-01-01T08:00:00+08:00, its events say null"),
            (#"UPDATE "case" SET acted_at = -1 WHERE id = 'C-3'"#, "C-3", "its acted_at column says unknown, its events say null"),
        ] {
            let copy = dir.file("copy-\(id).sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try tamper(copy, sql)
            let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: copy, calendars: StoreFixtures.calendars).mismatch, sql)
            XCTAssertEqual(mismatch.caseID, id)
            XCTAssertEqual(mismatch.reason, reason)
        }
    }

    /// A store of `v10` gets the column from its logs; a log that does not
    /// decode leaves `unknown`, and the upgraded store audits clean elsewhere.
    func testTheUpgradeFillsTheColumnFromTheLogs() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let damaged = dir.file("damaged.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: damaged)
        try tamper(damaged, """
            DROP TRIGGER command_log_no_update;
            UPDATE command_log SET body = x'5b7b7d5d' WHERE case_id = 'C-2' AND version = 1;
            """)
        for file in [path, damaged] {
            try tamper(file, #"ALTER TABLE "case" DROP COLUMN acted_at; DELETE FROM grdb_migrations WHERE identifier = 'v11-acted-at'"#)
            try AppDatabase.openFile(atPath: file).close()
        }
        XCTAssertEqual(try acted(path), Self.expected)
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
        var withUnknown = Self.expected
        withUnknown["C-2"] = ActedColumn.unknown
        XCTAssertEqual(try acted(damaged), withUnknown)
    }
}
