import Foundation
import GRDB
import ShenpiEngine
@testable import ShenpiStore
import XCTest

final class AuditTests: XCTestCase {
    /// A file with three cases: finished, accepted, just submitted.
    func writeStore(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("audit.sqlite")
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try runRegistration(engine, id: "C-1")
        try engine.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T11:00"))
        try engine.apply("C-2", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T11:30"))
        try engine.open("C-3", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T12:00"))
        return path
    }

    /// Runs SQL on the file as someone with a SQLite shell would.
    func tamper(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
    }

    func testACleanStorePasses() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let report = try StoreAudit.verify(fileAtPath: path)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.machines, 1)
        XCTAssertEqual(report.cases, 3)
        XCTAssertGreaterThan(report.events, 20)
    }

    func testAnEditedEventIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let target = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT seq FROM event WHERE case_id = 'C-1' AND CAST(body AS TEXT) LIKE '%同意%'")
        }
        let seq = try XCTUnwrap(target, "the head's comment is in one event")
        // Change what the head said: the JSON still decodes, the chain no longer holds.
        try tamper(path, """
            DROP TRIGGER event_no_update;
            UPDATE event SET body = CAST(replace(CAST(body AS TEXT), '同意', '不同意') AS BLOB) WHERE case_id = 'C-1' AND seq = \(seq);
            """)
        let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
        XCTAssertEqual(mismatch.seq, seq)
    }

    func testTheFirstEditedEventOfTheFirstCaseIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let target = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT seq FROM event WHERE case_id = 'C-2' AND CAST(body AS TEXT) LIKE '%\"w1\"%' ORDER BY seq LIMIT 1")
        }
        let seq = try XCTUnwrap(target)
        try tamper(path, """
            DROP TRIGGER event_no_update;
            UPDATE event SET body = CAST(replace(CAST(body AS TEXT), '"w1"', '"w2"') AS BLOB) WHERE case_id = 'C-2' AND seq >= \(seq);
            """)
        let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-2")
        XCTAssertEqual(mismatch.seq, seq)
        XCTAssertTrue(mismatch.description.hasPrefix("case C-2, event \(seq): its hash does not match"), mismatch.description)
    }

    func testARehashedEditIsCaughtByTheSnapshot() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        // A careful forger re-links the chain after editing the last event of C-3 (its submission's last consequence).
        let db = try DatabaseQueue(path: path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update")
            let row = try XCTUnwrap(Row.fetchOne(db, sql: "SELECT seq, body, prev_hash FROM event WHERE case_id = 'C-3' ORDER BY seq DESC LIMIT 1"))
            var event = try JSONDecoder().decode(CaseEvent.self, from: row[1] as Data)
            event.actor = "forger"
            event.fact = .received
            let body = try EventChain.canonical(event)
            let hash = EventChain.link(row[2], body)
            try db.execute(sql: "UPDATE event SET body = ?, hash = ? WHERE case_id = 'C-3' AND seq = ?", arguments: [body, hash, row[0]])
            try db.execute(sql: #"UPDATE "case" SET head_hash = ? WHERE id = 'C-3'"#, arguments: [hash])
        }
        let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-3")
        XCTAssertTrue(mismatch.reason.contains("snapshot differs"), mismatch.description)
    }

    func testAnEditedSnapshotIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try tamper(path, #"UPDATE "case" SET snapshot = CAST(replace(CAST(snapshot AS TEXT), '"approved"', '"refused"') AS BLOB) WHERE id = 'C-1'"#)
        let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
        XCTAssertTrue(mismatch.reason.contains("snapshot differs"), mismatch.description)
    }

    func testADeletedEventAndADeletedTimerAreNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try tamper(path, "DELETE FROM timer WHERE case_id = 'C-2' AND timer_id = 'case-timeout'")
        XCTAssertEqual(try StoreAudit.verify(fileAtPath: path).mismatch?.caseID, "C-2")
        XCTAssertTrue(try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch).reason.contains("timer table"))
        try tamper(path, "DROP TRIGGER event_no_delete; DELETE FROM event WHERE case_id = 'C-1' AND seq = 3")
        let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
        XCTAssertEqual(mismatch.seq, 3)
    }
}
