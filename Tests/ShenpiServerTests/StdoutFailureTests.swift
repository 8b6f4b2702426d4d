import Foundation
import ShenpiTestSupport
import XCTest

/// The daemon's one-time administrator token is never lost to a standard
/// output that cannot be written (a full disk, `> /dev/full`): the line goes
/// to standard error instead, with why.
final class StdoutFailureTests: XCTestCase {
    func testTheAdministratorTokenFallsBackToStandardError() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let dir = try temporaryDirectory()
        let p = Process()
        p.executableURL = try DaemonProcess.binary
        p.arguments = ["serve", "--db", dir + "/shenpi.db", "--workflows", TestSupport.path("workflows"), "--listen", "127.0.0.1:0",
                       "--notifications-file", dir + "/n.jsonl", "--clock-start", "2025-10-09T10:00"]
        p.standardOutput = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        p.standardError = err
        try p.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !(text.contains("listening on") && text.contains("\nshp_")), Date() < deadline, p.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        XCTAssertTrue(text.contains("shenpi: error: cannot write to standard output (No space left on device); the line follows here instead:\n"
                                    + "shenpi: created the administrator token"), text)
        XCTAssertTrue(text.split(separator: "\n").contains { $0.hasPrefix("shp_") }, text)
    }
}
