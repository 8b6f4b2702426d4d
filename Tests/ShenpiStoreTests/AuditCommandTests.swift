import Foundation
import GRDB
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// `shenpi audit verify` end to end: the built executable beside this test
/// bundle, on stores written by the engine.
final class AuditCommandTests: XCTestCase {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func shenpi(_ arguments: [String]) throws -> Output {
        guard let r = try BuiltShenpi.run(arguments) else { throw XCTSkip("no shenpi executable beside the tests") }
        return Output(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    func testPassesOnACleanStoreAndNamesTheTamperedEvent() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(try StoreFixtures.machine(), at: at("2025-09-01T09:00"))
            try runRegistration(engine, id: "C-1")
            try runRegistration(engine, id: "C-2")
        }
        let ok = try shenpi(["audit", "verify", "--db", path, "--calendars", "workflows/calendars"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "audit: ok: 1 machines, 2 cases, \(try eventCount(path)) events, 0 timers\n")
        // Run elsewhere, without ./workflows/calendars: the bundled calendars only.
        let bundled = try XCTUnwrap(try BuiltShenpi.run(["audit", "verify", "--db", path], in: NSTemporaryDirectory()))
        XCTAssertEqual(bundled.status, 0, bundled.stderr)
        XCTAssertEqual(bundled.stdout, ok.stdout + "audit: warning: 2 of 2 cases not re-run on their machines, so only their hash chains, "
                       + "snapshots and rows were checked: unknown calendar citizen-center (pass --calendars DIR)\n")
        // A nightly check asks for every case re-run.
        let strict = try XCTUnwrap(try BuiltShenpi.run(["audit", "verify", "--db", path, "--strict"], in: NSTemporaryDirectory()))
        XCTAssertEqual(strict.status, 1, strict.stdout)
        XCTAssertTrue(strict.stdout.hasPrefix("audit: FAILED: 2 of 2 cases not re-run"), strict.stdout)
        XCTAssertFalse(strict.stdout.contains("audit: ok"), "no ok beside a failure")
        XCTAssertEqual(try shenpi(["audit", "verify", "--db", path, "--calendars", "workflows/calendars", "--strict"]).status, 0)

        // Whoever accepted C-2 is rewritten by hand.
        let version = try XCTUnwrap(command(path, case: "C-2", containing: #""w1""#)).version
        try tamper(path, """
            DROP TRIGGER command_log_no_update;
            UPDATE command_log SET body = CAST(replace(CAST(body AS TEXT), '"w1"', '"w7"') AS BLOB) WHERE case_id = 'C-2' AND version = \(version);
            """)
        let bad = try shenpi(["audit", "verify", "--db", path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stdout, "audit: FAILED at case C-2 command \(version): its hash does not match its contents (edited?)\n")

        // A careful forger re-hashes the chain: the re-run names the event.
        let dir2 = try TemporaryDirectory()
        let path2 = try writeStore(dir2)
        let seq = try self.seq(path2, case: "C-2", containing: #""w1""#)
        try forge(path2, case: "C-2", seq: seq) { $0.actor = "w7" }
        let forged = try shenpi(["audit", "verify", "--db", path2, "--calendars", "workflows/calendars"])
        XCTAssertEqual(forged.status, 1)
        XCTAssertTrue(forged.stdout.hasPrefix("audit: FAILED at case C-2 event \(seq + 1): re-running its command (decide accept/accept by w7)"),
                      forged.stdout)
    }

    /// Each check the audit gained: the row's columns, the rating, a deleted
    /// case's rows, a command its machine refuses on a re-run.
    func testEachKindOfTamperingExitsOneAndNamesTheCase() throws {
        let cases: [(String, (String) throws -> Void, String)] = [
            ("C-2", { try self.tamper($0, #"UPDATE "case" SET due_at = due_at + 86400 WHERE id = 'C-2'"#) }, "its due_at column says "),
            ("C-1", { try self.tamper($0, "UPDATE rating SET level = 5") }, "its rating row's level (5) differs"),
            ("C-2", { try self.tamper($0, #"DELETE FROM "case" WHERE id = 'C-2'"#) }, "there is no case row, but the command_log table holds"),
            ("C-1", { path in
                let s = try self.seq(path, case: "C-1", containing: #""node":"market-approve""#)
                try self.forge(path, case: "C-1", seq: s) { $0.actor = "m1" }
            }, "re-running its command (decide market-approve/approve by m1) on the pinned machine is refused"),
        ]
        for (id, edit, reason) in cases {
            let dir = try TemporaryDirectory()
            let path = try writeStore(dir)
            try edit(path)
            let r = try shenpi(["audit", "verify", "--db", path, "--calendars", "workflows/calendars"])
            XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.hasPrefix("audit: FAILED at case \(id)"), r.stdout)
            XCTAssertTrue(r.stdout.contains(reason), r.stdout)
        }
    }

    func testABadDatabaseIsOneLineAndExitTwo() throws {
        let missing = try shenpi(["audit", "verify", "--db", "/nonexistent/shenpi.sqlite"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "shenpi: error: no database at /nonexistent/shenpi.sqlite\n")
        let yaml = try shenpi(["audit", "verify", "--db", "workflows/registry.yaml"])
        XCTAssertEqual(yaml.status, 2)
        XCTAssertEqual(yaml.stderr, "shenpi: error: workflows/registry.yaml is not a Shenpi database\n")
    }

    private func eventCount(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT SUM(event_count) FROM command_log") ?? 0 }
    }
}
