import GRDB
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// The work queue reads the `work_item` index a page at a time; the index
/// is written with each snapshot and rebuilt from them by migration `v7`.
final class WorkQueueTests: XCTestCase {
    static let allRoles: Set<String> = [
        "window", "market-reviewer", "market-head", "quality-officer", "national-tax-officer", "local-tax-officer", "issue-window",
    ]

    /// Twelve applications a minute apart, then every third one accepted.
    private func engineWithCases() throws -> CaseEngine {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        for i in 0..<12 {
            let t = Instant(secondsSinceEpoch: at("2025-09-22T09:00").secondsSinceEpoch + 60 * i)
            try engine.open(String(format: "C-%02d", i), machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: t)
        }
        for i in stride(from: 0, to: 12, by: 3) {
            try engine.apply(String(format: "C-%02d", i), StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T11:00"))
        }
        return engine
    }

    func testPagesComeOldestFirstWithTheTotal() throws {
        let engine = try engineWithCases()
        let waiting = ["C-01", "C-02", "C-04", "C-05", "C-07", "C-08", "C-10", "C-11"]
        XCTAssertEqual(try engine.workQueue(roles: ["window"]).items.map(\.caseID), waiting)
        let first = try engine.workQueue(roles: ["window"], limit: 3, offset: 0)
        XCTAssertEqual(first.items.map(\.caseID), ["C-01", "C-02", "C-04"])
        XCTAssertEqual(first.total, 8)
        XCTAssertEqual(try engine.workQueue(roles: ["window"], limit: 3, offset: 6).items.map(\.caseID), ["C-10", "C-11"])
        XCTAssertEqual(try engine.workQueue(roles: ["window"], limit: 3, offset: 9).items, [])
        // Several roles: one queue, still by entry time (the accepted cases' steps were entered at 11:00).
        let both = try engine.workQueue(roles: ["window", "quality-officer"], limit: 100)
        XCTAssertEqual(both.total, 12)
        XCTAssertEqual(both.items.map(\.caseID), waiting + ["C-00", "C-03", "C-06", "C-09"])
        XCTAssertEqual(Set(both.items.suffix(4).map(\.node)), ["quality-code"])
        XCTAssertEqual(try engine.workQueue(roles: []).total, 0)
    }

    /// What a page shows is the case as it now stands, not as indexed.
    func testItemsCarryTheCurrentVersionAndClocks() throws {
        let engine = try engineWithCases()
        let item = try XCTUnwrap(engine.workQueue(roles: ["quality-officer"], limit: 1).items.first)
        let record = try engine.case(item.caseID)
        XCTAssertEqual(item.caseVersion, record.version)
        XCTAssertEqual(item.caseDue, record.state.caseClock?.due)
        XCTAssertNotNil(item.caseDue)
    }

    /// Each item lists what its step still needs (as the case's active step
    /// does): a window sees what to ask for, a reviewer a deferrable
    /// material (容缺) still to come, without opening the case.
    func testItemsListTheMaterialsTheirStepStillNeeds() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        func submit(_ id: String, without left: Set<String>) throws {
            try engine.open(id, machine: .workflow(m.workflow),
                            submit: .submit(fields: StoreFixtures.fields, materials: m.materials.map(\.id).filter { !left.contains($0) }, channel: .window),
                            at: at("2025-09-22T09:00"))
        }
        try submit("FULL", without: [])
        try submit("NO-APP", without: ["application"])
        try submit("NO-OFFICERS-ID", without: ["officers-id"])
        // officers-id is deferrable: the window may accept without it; the market review then needs it.
        try engine.apply("NO-OFFICERS-ID", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T10:00"))
        let window = try engine.workQueue(roles: ["window"]).items
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: window.map { ($0.caseID, $0.missingMaterials) }), ["FULL": [], "NO-APP": ["application"]])
        let review = try XCTUnwrap(engine.workQueue(roles: ["market-reviewer"]).items.first)
        XCTAssertEqual(review.caseID, "NO-OFFICERS-ID")
        XCTAssertEqual(review.missingMaterials, ["officers-id"])
        let record = try engine.case("NO-OFFICERS-ID")
        let node = try XCTUnwrap(m.nodes.firstIndex { $0.id == "market-review" })
        XCTAssertEqual(review.missingMaterials, record.state.missingMaterials(atNode: node, machine: m, calendar: try StoreFixtures.calendars.calendar("cn")),
                       "the same list as the case's active step")
    }

    /// Finished and withdrawn cases leave every queue; the index holds only
    /// active tasks, and the audit finds it equal to the snapshots.
    func testTheIndexFollowsEveryCommandAndPassesTheAudit() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let rows = try engine.database.writer.read { try Row.fetchAll($0, sql: "SELECT case_id, role, node FROM work_item ORDER BY case_id, node") }
        XCTAssertFalse(rows.contains { ($0[0] as String) == "C-1" }, "C-1 is finished")
        XCTAssertEqual(rows.filter { ($0[0] as String) == "C-3" }.map { "\($0[1] as String) \($0[2] as String)" }, ["window accept"])
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A store written before `v7` gets the index from its snapshots.
    func testMigrationBuildsTheIndexFromTheSnapshots() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let before = try CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            .workQueue(roles: Self.allRoles)
        XCTAssertGreaterThan(before.total, 3)
        try DatabaseQueue(path: path).write { db in
            // Back to the schema of v6: no work items, the old listing index.
            try db.execute(sql: """
                DROP TABLE work_item; DROP INDEX case_listing; CREATE INDEX case_status ON "case"(status, due_at);
                DELETE FROM grdb_migrations WHERE identifier = '\(Migrations.workItems)'
                """)
        }
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let after = try engine.workQueue(roles: Self.allRoles)
        XCTAssertEqual(after, before)
        let indexes = try engine.database.writer.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case'") }
        XCTAssertTrue(indexes.contains("case_listing") && !indexes.contains("case_status"), "\(indexes)")
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A damaged snapshot on the page is named, and the rest still listed.
    func testADamagedCaseOnThePageIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try tamper(path, #"UPDATE "case" SET snapshot = x'7b' WHERE id = 'C-3'"#)
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        var unreadable: [String] = []
        let queue = try engine.workQueue(roles: ["window", "quality-officer"], unreadable: { id, _ in unreadable.append(id) })
        XCTAssertEqual(unreadable, ["C-3"])
        XCTAssertFalse(queue.items.isEmpty)
        XCTAssertFalse(queue.items.contains { $0.caseID == "C-3" })
    }
}
