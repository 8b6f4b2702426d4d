import Foundation
import ShenpiStore
import ShenpiTestSupport
import XCTest

/// What `shenpi serve` refuses to start on, with an exit code a restart
/// cannot change (systemd's `RestartPreventExitStatus=1 2`).
final class ServeRefusalTests: XCTestCase {
    /// Two machines both called version 1 could not be told apart in cases,
    /// reports or the audit: a changed flow needs a new version number.
    func testAFlowChangedUnderItsDeployedVersionStopsTheStart() throws {
        let dir = try temporaryDirectory()
        let workflows = dir + "/wf"
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: workflows)
        let first = try DaemonProcess(directory: dir, workflows: workflows)
        first.kill(SIGTERM)
        XCTAssertEqual(first.wait(), 0)

        let file = workflows + "/transport/senior-bus-card.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "title: 老年人免费乘车卡办理", with: "title: 老年人免费乘车卡申领")
            .write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DaemonProcess(directory: dir, workflows: workflows)) { error in
            guard let e = error as? DaemonStartError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, 1)
            XCTAssertTrue(e.stderr.contains("flow senior-bus-card version 1 differs from the version 1 deployed before"), e.stderr)
        }
    }

    func testADatabaseOfALaterReleaseIsNotOpened() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(try runShenpi(["token", "create", "--db", dir + "/shenpi.db", "--name", "admin"]).status, 0)
        let db = try AppDatabase.openFile(atPath: dir + "/shenpi.db")
        try db.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        try db.close()
        XCTAssertThrowsError(try DaemonProcess(directory: dir)) { error in
            guard let e = error as? DaemonStartError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, 2)
            XCTAssertTrue(e.stderr.contains("was written by a newer Shenpi (unknown migrations)"), e.stderr)
        }
        let list = try runShenpi(["token", "list", "--db", dir + "/shenpi.db"])
        XCTAssertNotEqual(list.status, 0)
        XCTAssertTrue(list.stderr.contains("was written by a newer Shenpi"), list.stderr)
    }
}
