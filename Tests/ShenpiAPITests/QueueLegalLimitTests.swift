import Foundation
import ShenpiCalendar
import XCTest

/// A queue item shows the legal limit beside the case clock: among the cases
/// past the promise (red), the officer sees which are about to break the law.
final class QueueLegalLimitTests: XCTestCase {
    func testAQueueItemCarriesTheLegalLimit() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("chen.jie", department: "land", roles: ["land-reviewer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-1"))
        let intakeQueue = await h.call("GET", "/v1/queue", token: window)
        let intake = try XCTUnwrap((intakeQueue.json["items"] as? [[String: Any]])?.first)
        XCTAssertNil(intake["legalColour"], "not accepted: no clock")
        let accepted = await h.call("POST", "/v1/cases/L-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)

        func item() async throws -> [String: Any] {
            let queue = await h.call("GET", "/v1/queue", token: reviewer)
            return try XCTUnwrap((queue.json["items"] as? [[String: Any]])?.first)
        }
        var now = try await item()
        // 30 working days from 10/9 (10/11 a Saturday worked) end with 11/19; the promise of 5 with 10/16.
        XCTAssertEqual(now["legalDue"] as? String, "2025-11-20T00:00:00+08:00")
        XCTAssertEqual([now["caseColour"] as? String, now["legalColour"] as? String], ["normal", "normal"])

        h.advance(seconds: Instant(iso: "2025-10-20T10:00+08:00")!.secondsSinceEpoch - h.now.secondsSinceEpoch)
        now = try await item()
        XCTAssertEqual([now["caseColour"] as? String, now["legalColour"] as? String], ["red", "normal"], "late, not unlawfully")
        h.advance(seconds: Instant(iso: "2025-11-19T10:00+08:00")!.secondsSinceEpoch - h.now.secondsSinceEpoch)
        now = try await item()
        XCTAssertEqual(now["legalColour"] as? String, "yellow", "its last working day (warn-before 1 workday)")
        h.advance(seconds: 86_400)
        now = try await item()
        XCTAssertEqual(now["legalColour"] as? String, "red")
        let read = await h.call("GET", "/v1/cases/L-1", token: reviewer)
        XCTAssertEqual((read.json["legalClock"] as? [String: Any])?["colour"] as? String, "red", "as the case says")
    }

    /// An item the law sets no limit for (legal: none) shows none.
    func testAnItemWithoutAStatutoryLimitShowsNone() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let queue = await h.call("GET", "/v1/queue", token: officer)
        let item = try XCTUnwrap((queue.json["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(item["caseColour"] as? String, "normal")
        XCTAssertNil(item["legalColour"])
        XCTAssertNil(item["legalDue"])
    }
}
