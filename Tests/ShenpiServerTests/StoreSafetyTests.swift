import Foundation
import GRDB
import ShenpiTestSupport
import XCTest

/// The daemon's store against what operators and other processes do to it
/// while it runs: delete or replace the file, start a second daemon, hold
/// SQLite's write lock.
final class StoreSafetyTests: XCTestCase {
    func testADatabaseDeletedUnderTheDaemonAcknowledgesNothingAndIsSaidOnce() async throws {
        let dir = try temporaryDirectory()
        let daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken)
        let first = try await daemon.call("POST", "/v1/cases", token: admin, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(first.status, 201)
        for suffix in ["", "-wal", "-shm"] { try FileManager.default.removeItem(atPath: dir + "/shenpi.db" + suffix) }
        // The timer loop's pass finds it within a second, with nobody writing.
        var health = try await daemon.call("GET", "/healthz", token: nil)
        let deadline = Date().addingTimeInterval(10)
        while health.status == 200, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            health = try await daemon.call("GET", "/healthz", token: nil)
        }
        XCTAssertEqual(health.status, 503)
        XCTAssertEqual(health.json["status"] as? String, "store-moved")
        let refused = try await daemon.call("POST", "/v1/cases", token: admin, body: Bodies.busCard("BC-2"))
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual((refused.json["error"] as? [String: Any])?["code"] as? String, "store-moved")
        try await Task.sleep(for: .seconds(1.5))  // more timer passes: still said once
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        let critical = daemon.log.split(separator: "\n").filter { $0.contains(#""level":"critical""#) }
        XCTAssertEqual(critical.count, 1, daemon.log)
        XCTAssertTrue(critical.first?.contains(#""file":"\#(dir)/shenpi.db""#) == true, daemon.log)
        XCTAssertFalse(daemon.log.contains("timer pass failed"), daemon.log)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/shenpi.db"), "no new store made by itself")
    }

    func testASecondDaemonOnTheSameDatabaseExitsThreeWhileTheCLIWorks() async throws {
        let dir = try temporaryDirectory()
        let daemon = try DaemonProcess(directory: dir)
        // Hidden beside the store, so starting over with `rm shenpi.db*` leaves it.
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/.shenpi.db.lock"))
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir).contains { $0.hasPrefix("shenpi.db") && $0.hasSuffix(".lock") })
        XCTAssertThrowsError(try DaemonProcess(directory: dir)) { error in
            guard let refused = error as? DaemonStartError else { return XCTFail("\(error)") }
            XCTAssertEqual(refused.status, 3)
            XCTAssertTrue(refused.stderr.contains("another shenpi serve is using \(dir)/shenpi.db (pid \(daemon.process.processIdentifier))"),
                          refused.stderr)
        }
        // Through a link to the same file: the same store, the same lock.
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.db", withDestinationPath: dir + "/shenpi.db")
        guard let linked = try BuiltShenpi.run(["serve", "--db", dir + "/link.db", "--workflows", TestSupport.path("workflows"), "--listen", "127.0.0.1:0",
                                                "--notifications-file", dir + "/n2.jsonl", "--clock-start", "2025-10-09T10:00"], in: dir)
        else { throw XCTSkip("no shenpi") }
        XCTAssertEqual(linked.status, 3, linked.stderr)
        XCTAssertTrue(linked.stderr.contains("another shenpi serve is using \(dir)/link.db"), linked.stderr)
        let token = try runShenpi(["token", "create", "--db", dir + "/shenpi.db", "--name", "li.na", "--scopes", "intake"])
        XCTAssertEqual(token.status, 0, token.stderr)
        let backup = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/copy.db", "--calendars", TestSupport.path("workflows/calendars")])
        XCTAssertEqual(backup.status, 0, backup.stderr)
        let health = try await daemon.call("GET", "/healthz", token: nil)
        XCTAssertEqual(health.status, 200)
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        // Stopped, it lets the next one start.
        let next = try DaemonProcess(directory: dir)
        next.kill(SIGTERM)
        XCTAssertEqual(next.wait(), 0, next.log)
    }

    /// Another process's write (`BEGIN EXCLUSIVE`, held a second) is waited
    /// for, by the daemon's writes and by the CLI's.
    func testAShortWriteOfAnotherProcessIsWaitedFor() async throws {
        let dir = try temporaryDirectory()
        let daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken)
        let other = try holdWriteLock(dir + "/shenpi.db")
        async let submitted = daemon.call("POST", "/v1/cases", token: admin, body: Bodies.busCard("BC-1"))
        let token = Task.detached { try runShenpi(["token", "create", "--db", dir + "/shenpi.db", "--name", "li.na", "--scopes", "intake"]) }
        try await Task.sleep(for: .seconds(1))
        try await other.writeWithoutTransaction { try $0.execute(sql: "COMMIT") }
        let answer = try await submitted
        XCTAssertEqual(answer.status, 201, String(decoding: answer.body, as: UTF8.self))
        let cli = try await token.value
        XCTAssertEqual(cli.status, 0, cli.stderr)
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        XCTAssertFalse(daemon.log.contains("database is locked"), daemon.log)
    }

    private func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.allowsUnsafeTransactions = true  // the transaction outlives the call, as another process's would
        let other = try DatabaseQueue(path: path, configuration: config)
        try other.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE") }
        return other
    }
}
