import Foundation
import GRDB
import ShenpiTestSupport
import XCTest

/// A case whose stored snapshot no longer decodes (a damaged disk page, a
/// hand edit) is left out of listings and named apart; the other cases
/// still list, and reading that case says what is wrong.
final class DamagedCaseTests: XCTestCase {
    func testADamagedCaseIsNamedApartAndTheOthersStillList() async throws {
        let first = try APIHarness()
        let window = try first.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        for id in ["BC-1", "BC-2"] {
            let r = await first.call("POST", "/v1/cases", token: window, body: Bodies.busCard(id))
            XCTAssertEqual(r.status, 201, r.text)
        }
        try await first.engine.database.writer.write { try $0.execute(sql: #"UPDATE "case" SET snapshot = x'7b7d' WHERE id = 'BC-1'"#) }
        // A daemon started on that file: nothing of the case in its memory.
        let h = try APIHarness(database: first.engine.database)
        let token = try h.user("wang.fang", department: "center", roles: ["window"], scopes: [.intake])
        let elsewhere = try h.user("zhao.lei", department: "land", roles: ["land-reviewer"])

        let list = await h.call("GET", "/v1/cases", token: token)
        XCTAssertEqual(list.status, 200, list.text)
        XCTAssertEqual((list.json["cases"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["BC-2"])
        XCTAssertEqual(list.json["unreadable"] as? [String], ["BC-1"])
        let queue = await h.call("GET", "/v1/queue", token: token)
        XCTAssertEqual(queue.status, 200, queue.text)
        XCTAssertEqual((queue.json["items"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String }, ["BC-2"])
        XCTAssertEqual(queue.json["unreadable"] as? [String], ["BC-1"])
        XCTAssertEqual(queue.json["total"] as? Int, 2, "its queue item still counts")
        // By colour: its colour is unknown, so it is named and counted nowhere.
        for colour in ["normal", "yellow", "red"] {
            let byColour = await h.call("GET", "/v1/cases?colour=" + colour, token: token)
            XCTAssertEqual(byColour.json["unreadable"] as? [String], ["BC-1"], colour)
            XCTAssertEqual(byColour.json["total"] as? Int, colour == "normal" ? 1 : 0, colour)
        }

        // Someone who may not read the flow's cases is not told about it.
        let theirs = await h.call("GET", "/v1/cases", token: elsewhere)
        XCTAssertNil(theirs.json["unreadable"], theirs.text)
        let theirQueue = await h.call("GET", "/v1/queue", token: elsewhere)
        XCTAssertNil(theirQueue.json["unreadable"], theirQueue.text)

        // The supervision report still comes, naming it apart.
        let supervisor = try h.user("sun.li", department: "center", roles: [], scopes: [.supervise])
        let report = await h.call("GET", "/v1/report", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.json["unreadable"] as? [String], ["BC-1"])
        XCTAssertEqual(report.json["submitted"] as? Int, 1)

        // The case itself answers with the reason, not a listing-wide failure.
        let read = await h.call("GET", "/v1/cases/BC-1", token: token)
        XCTAssertEqual(read.status, 500, read.text)
        XCTAssertEqual(read.code, "case-damaged")
        XCTAssertTrue(read.text.contains("BC-1") && read.text.contains("audit verify"), read.text)
        // Undamaged listings carry no such key.
        let clean = await first.call("GET", "/v1/cases?status=finished", token: window)
        XCTAssertNil(clean.json["unreadable"], clean.text)
    }
}
