import Foundation
import ShenpiStore
import ShenpiTestSupport
import XCTest

/// What `shenpi serve` refuses to start on (with an exit code a restart
/// cannot change: systemd's `RestartPreventExitStatus=1 2`), and what it
/// only warns about.
final class ServeRefusalTests: XCTestCase {
    /// A flow changed under its deployed version number still starts (a new
    /// release may compile every flow differently), with a warning naming it.
    func testAFlowChangedUnderItsDeployedVersionIsServedWithAWarning() throws {
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
        let second = try DaemonProcess(directory: dir, workflows: workflows)
        second.kill(SIGTERM)
        XCTAssertEqual(second.wait(), 0)
        let version = try XCTUnwrap(TestSupport.flowVersion(text))
        XCTAssertTrue(second.log.contains("flow senior-bus-card version \(version) was deployed before with other content"), second.log)
        XCTAssertFalse(first.log.contains("was deployed before with other content"), first.log)
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
            XCTAssertTrue(e.stderr.contains("shenpi.db was written by a newer Shenpi (unknown migrations: v99-from-the-future), so this release does not open it"),
                          e.stderr)
            XCTAssertFalse(e.stderr.contains("cannot open"), "the file is named once: \(e.stderr)")
        }
        let list = try runShenpi(["token", "list", "--db", dir + "/shenpi.db"])
        XCTAssertEqual(list.status, 2)
        XCTAssertTrue(list.stderr.contains("was written by a newer Shenpi"), list.stderr)
    }
}
