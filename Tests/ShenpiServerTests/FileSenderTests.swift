import Foundation
import Logging
import ShenpiAPI
import ShenpiCalendar
@testable import ShenpiServer
import ShenpiStore
import XCTest

/// The notifications file on a disk that fills up or refuses: whole lines,
/// each once, and errors that say why without a server path.
final class FileSenderTests: XCTestCase {
    func deliveries(_ ids: Range<Int64>) -> [Delivery] {
        ids.map {
            Delivery(message: OutboxMessage(id: $0, caseID: "BC-1", recipient: "applicant", text: String(repeating: "您好", count: 40),
                                            createdAt: Instant(iso: "2025-09-26T09:30")!, attempts: 0, deliveredAt: nil, failedAt: nil,
                                            lastError: nil), contacts: [:])
        }
    }

    /// Writes the first `room` bytes it is given, then fails as a full disk does.
    func fullDisk(room: Int) -> FileCalls {
        let left = ServicesTests.Locked(room)
        var calls = FileCalls.system
        calls.writeBytes = { fd, bytes, count in
            var n = 0
            left.mutate { n = min($0, count); $0 -= n }
            if n == 0 { errno = ENOSPC; return -1 }
            return write(fd, bytes, n)
        }
        return calls
    }

    func testAFailedAppendLeavesTheFileAsItWasAndTheRetryWritesEachLineOnce() async throws {
        let path = try temporaryDirectory() + "/n.jsonl"
        let first = await FileSender(path: path).send(deliveries(1..<3))
        XCTAssertTrue(first.isEmpty)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        // Room for a line and a half of the next batch: a short write, then ENOSPC.
        let lineLength = DeliveryPayload(deliveries(3..<4)[0].message, contacts: [:]).json.count + 1
        let full = await FileSender(path: path, system: fullDisk(room: lineLength * 3 / 2)).send(deliveries(3..<6))
        XCTAssertEqual(full, [3: "cannot append to the notifications file: No space left on device",
                              4: "cannot append to the notifications file: No space left on device",
                              5: "cannot append to the notifications file: No space left on device"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "no torn line, no line of the failed batch")

        // A failed fsync is no delivery either.
        var noSync = FileCalls.system
        noSync.sync = { _ in errno = EIO; return -1 }
        let unsynced = await FileSender(path: path, system: noSync).send(deliveries(3..<6))
        XCTAssertEqual(unsynced[3], "cannot append to the notifications file: Input/output error")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)

        let retry = await FileSender(path: path).send(deliveries(3..<6))
        XCTAssertTrue(retry.isEmpty)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "ends with a whole line")
        let ids = try lines.dropLast().map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            return try XCTUnwrap(object["deliveryId"] as? String)
        }
        XCTAssertEqual(ids, (1..<6).map { "shenpi-\($0)" }, "each line once, whole")
    }

    func testAFileThatCannotBeWrittenSaysWhyInOneLineWithoutAPath() async throws {
        let dir = try temporaryDirectory()
        // The folder removed while the daemon runs.
        let gone = await FileSender(path: dir + "/notif/n.jsonl").send(deliveries(1..<2))
        XCTAssertEqual(gone, [1: "cannot create the notifications file: No such file or directory"])

        // A file the daemon may not write (injected: the tests may run as root, which may write anything).
        _ = FileManager.default.createFile(atPath: dir + "/n.jsonl", contents: nil)
        var denied = FileCalls.system
        denied.openFile = { _, _, _ in errno = EACCES; return -1 }
        let refused = await FileSender(path: dir + "/n.jsonl", system: denied).send(deliveries(1..<2))
        XCTAssertEqual(refused, [1: "cannot append to the notifications file: Permission denied"])
    }
}
