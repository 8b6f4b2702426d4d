import Foundation
@testable import ShenpiStore
import XCTest

/// The id a gateway deduplicates notifications on: stable for a message,
/// never handed out again — not even by a store restored from a backup,
/// which goes on writing other commands at the same case versions.
final class DeliveryIDTests: XCTestCase {
    func testAStoreRestoredFromABackupNeverRepeatsADeliveryID() throws {
        let dir = try TemporaryDirectory()
        let machine = try StoreFixtures.machine()
        let live = CaseEngine(database: try AppDatabase.openFile(atPath: dir.file("live.sqlite")), calendars: StoreFixtures.calendars)
        try live.deploy(machine, at: at("2025-09-22T09:00"))
        try live.open("C-1", machine: .fingerprint(machine.fingerprint), submit: StoreFixtures.submit(machine), at: at("2025-09-22T09:30"))
        try live.apply("C-1", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T10:00"))
        try AppDatabase.backup(fromPath: dir.file("live.sqlite"), toPath: dir.file("backup.sqlite"))
        let submitted = try Outbox(database: live.database).messages(caseID: "C-1").map(\.deliveryID)
        XCTAssertFalse(submitted.isEmpty, "the acceptance notifies the applicant")

        // The live store decides the case; it is lost, and the restored copy decides it a day later.
        for command in StoreFixtures.branches { try live.apply("C-1", command, expectedVersion: nil, at: at("2025-09-23T10:00")) }
        let restored = CaseEngine(database: try AppDatabase.openFile(atPath: dir.file("backup.sqlite")), calendars: StoreFixtures.calendars)
        for command in StoreFixtures.branches { try restored.apply("C-1", command, expectedVersion: nil, at: at("2025-09-24T10:00")) }

        let a = try Outbox(database: live.database).messages(caseID: "C-1")
        let b = try Outbox(database: restored.database).messages(caseID: "C-1")
        XCTAssertEqual(a.map(\.id), b.map(\.id), "the same rowids, as before v8: shenpi-<rowid> would repeat")
        XCTAssertEqual(Array(b.prefix(submitted.count)).map(\.deliveryID), submitted, "a message in the backup keeps its id")
        let later = (a.dropFirst(submitted.count).map(\.deliveryID), b.dropFirst(submitted.count).map(\.deliveryID))
        XCTAssertFalse(later.0.isEmpty)
        XCTAssertTrue(Set(later.0).isDisjoint(with: later.1), "\(later)")
        for id in a.map(\.deliveryID) + b.map(\.deliveryID) {
            XCTAssertNotNil(id.wholeMatch(of: /shenpi-[0-9a-f]{32}/), id)
        }
        XCTAssertEqual(Set(a.map(\.deliveryID)).count, a.count, "distinct within a store")
    }

    /// Rows written before `v8-delivery-ids` keep the id they were sent with.
    func testARowWithoutAnIDKeepsItsRowidID() throws {
        let db = try AppDatabase.inMemory()
        try db.writer.write { db in
            try db.execute(sql: "INSERT INTO machine VALUES ('f', 'w', 1, x'00', 0)")
            try db.execute(sql: #"INSERT INTO "case" (id, fingerprint, workflow, version, snapshot, event_count, head_hash, updated_at, status, created_at) VALUES ('C-1', 'f', 'w', 1, x'', 1, x'', 0, 'active', 0)"#)
            try db.execute(sql: "INSERT INTO outbox (id, case_id, recipient, text, created_at) VALUES (7, 'C-1', 'applicant', 'hello', 0)")
        }
        XCTAssertEqual(try Outbox(database: db).messages(caseID: "C-1").map(\.deliveryID), ["shenpi-7"])
    }
}
