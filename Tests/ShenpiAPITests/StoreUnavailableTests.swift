import Foundation
import GRDB
import ShenpiAPI
import ShenpiStore
import XCTest

/// Writes the store refuses for reasons of its own answer 503 with a code
/// that says which, never 500 `internal`, and nothing is acknowledged.
final class StoreUnavailableTests: XCTestCase {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "shenpi-api-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Another process's `BEGIN EXCLUSIVE` on the file (a script, `shenpi token create`).
    private static func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.allowsUnsafeTransactions = true  // the transaction outlives the call, as another process's would
        let other = try DatabaseQueue(path: path, configuration: config)
        try other.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE") }
        return other
    }

    private static func release(_ other: DatabaseQueue) throws {
        try other.writeWithoutTransaction { try $0.execute(sql: "COMMIT") }
    }

    func testAShortOutsideWriteIsWaitedFor() async throws {
        let path = try folder() + "/shenpi.db"
        let h = try APIHarness(database: try AppDatabase.openFile(atPath: path, busyTimeout: 10))
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let other = try Self.holdWriteLock(path)
        let released = Task.detached {
            try await Task.sleep(for: .milliseconds(300))
            try StoreUnavailableTests.release(other)
        }
        let r = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r.status, 201, r.text)
        try await released.value
    }

    func testALockHeldPastTheTimeoutIs503StoreBusyAndWritesNothing() async throws {
        let path = try folder() + "/shenpi.db"
        let h = try APIHarness(database: try AppDatabase.openFile(atPath: path, busyTimeout: 0.2))
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let other = try Self.holdWriteLock(path)
        let r = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r.status, 503, r.text)
        XCTAssertEqual(r.code, "store-busy")
        XCTAssertEqual(r.headers["retry-after"], "1")
        XCTAssertEqual(r.error["message"] as? String, "the database is locked by another process; nothing was written: retry")
        try Self.release(other)
        let read = await h.call("GET", "/v1/cases/BC-1", token: window)
        XCTAssertEqual(read.status, 404)
        let again = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(again.status, 201)
    }

    func testAfterTheFileIsDeletedEveryRequestIs503StoreMovedAndHealthSaysSo() async throws {
        let path = try folder() + "/shenpi.db"
        let h = try APIHarness(database: try AppDatabase.openFile(atPath: path))
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let first = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(first.status, 201)
        for suffix in ["", "-wal", "-shm"] { try FileManager.default.removeItem(atPath: path + suffix) }
        // The probe looks at no file: only what a write (or the timer loop) found.
        let before = await h.call("GET", "/healthz", token: nil)
        XCTAssertEqual(before.status, 200)
        let refused = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-2"))
        XCTAssertEqual(refused.status, 503, refused.text)
        XCTAssertEqual(refused.code, "store-moved")
        let message = try XCTUnwrap(refused.error["message"] as? String)
        XCTAssertTrue(message.contains(path) && message.contains("restart the daemon on the right file"), message)
        let health = await h.call("GET", "/healthz", token: nil)
        XCTAssertEqual(health.status, 503)
        XCTAssertEqual(health.json["status"] as? String, "store-moved")
        // Reads too: the old file is no longer the record.
        let read = await h.call("GET", "/v1/cases/BC-1", token: window)
        XCTAssertEqual(read.code, "store-moved")
        // The token first: a caller without one learns nothing of the server's paths.
        let stranger = await h.call("GET", "/v1/cases/BC-1", token: nil)
        XCTAssertEqual(stranger.status, 401)
        XCTAssertFalse(stranger.text.contains(path), stranger.text)
    }
}
