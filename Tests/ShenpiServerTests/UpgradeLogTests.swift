import Foundation
import GRDB
import ShenpiTestSupport
import XCTest

/// A start that upgrades the store says so before it begins (some steps
/// read every case's log: minutes on a large store, which would look like a
/// hang) and when it is done; a start on an up-to-date store says neither.
/// The start line names the supervision thresholds it serves.
final class UpgradeLogTests: XCTestCase {
    func testAnUpgradeIsLoggedBeforeAndAfter() async throws {
        let dir = try temporaryDirectory()
        let (admin, log) = try await storeWithOneCase(dir)
        XCTAssertFalse(log.contains("upgrading the database schema"), log)
        XCTAssertTrue(log.contains(#""untouched-after":"3 workdays""#) && log.contains(#""follow-up-within":"15 workdays""#), log)

        // The store as the release of v10 left it (v11 undone; v12 changes no table).
        try await DatabaseQueue(path: dir + "/shenpi.db").write {
            try $0.execute(sql: "DROP TABLE case_acted; DELETE FROM grdb_migrations WHERE identifier = 'v11-acted-at'")
        }
        let upgraded = try DaemonProcess(directory: dir)
        let read = try await upgraded.call("GET", "/v1/cases/BC-1", token: admin)
        XCTAssertEqual(read.status, 200)
        upgraded.kill(SIGTERM)
        XCTAssertEqual(upgraded.wait(), 0)
        XCTAssertTrue(upgraded.log.contains("upgrading the database schema") && upgraded.log.contains(#""migrations":"v11-acted-at""#), upgraded.log)
        XCTAssertTrue(upgraded.log.contains("database schema upgraded"), upgraded.log)
    }
}
