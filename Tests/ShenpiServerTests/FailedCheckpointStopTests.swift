import Foundation
import ShenpiTestSupport
import XCTest

/// SIGTERM when the final checkpoint cannot write the database file (a full
/// disk) is still a clean stop: the commits are safe in the `-wal`.
final class FailedCheckpointStopTests: XCTestCase {
    func testAStopWhoseCheckpointFailsExitsZeroAndKeepsTheWAL() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else { throw XCTSkip("no prlimit (util-linux)") }
        // A file-size limit makes the thread sanitizer's own runtime fault (SIGBUS) in the daemon.
        if dlsym(nil, "__tsan_init") != nil { throw XCTSkip("under the thread sanitizer, whose runtime a file-size limit breaks") }
        let dir = try temporaryDirectory()
        let db = dir + "/shenpi.db"
        // A store of some size, all of it in the file.
        var daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken)
        for i in 0..<80 {
            let r = try await daemon.call("POST", "/v1/cases", token: admin, body: Bodies.busCard("A-\(i)"))
            XCTAssertEqual(r.status, 201)
        }
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: db)[.size] as? Int)

        // No write may reach past half of it: the WAL (from offset 0) takes the
        // new commits, and the checkpoint, copying their pages to the end of
        // the file, fails as on a full disk (EFBIG; SIGXFSZ ignored, as the
        // disk would send none).
        let limit = size / 2
        daemon = try DaemonProcess(directory: dir, launcher: ["/bin/sh", "-c", "trap '' XFSZ; exec /usr/bin/prlimit --fsize=\(limit) -- \"$@\"", "sh"])
        for id in ["B-1", "B-2"] {
            let r = try await daemon.call("POST", "/v1/cases", token: admin, body: Bodies.busCard(id))
            XCTAssertEqual(r.status, 201, String(decoding: r.body, as: UTF8.self))
        }
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        let log = daemon.log
        XCTAssertTrue(log.contains("the WAL still holds commits (the checkpoint failed: "), log)
        XCTAssertTrue(log.contains("keep \(db)-wal with it"), log)
        XCTAssertTrue(log.contains(#""msg":"stopped""#), log)
        let wal = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int)
        XCTAssertGreaterThan(wal, 0)

        // Nothing lost: the next start folds the WAL in.
        daemon = try DaemonProcess(directory: dir)
        for id in ["B-1", "B-2"] {
            let r = try await daemon.call("GET", "/v1/cases/\(id)", token: admin)
            XCTAssertEqual(r.status, 200, id)
        }
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
    }
}
