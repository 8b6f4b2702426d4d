import Foundation
import XCTest

/// What api.md promises of a clock that ran out: a late case keeps `due`
/// in its clock and `dueAt` in listings once it finishes, so the officer
/// sees since when it was late; a case finished on time shows neither.
final class LateClockViewTests: XCTestCase {
    func testACaseFinishedLateKeepsItsDueAndOneOnTimeDoesNot() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        for id in ["LATE", "SOON"] {
            _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard(id, materials: ["id-card", "photo"]))
            let r = await h.call("POST", "/v1/cases/\(id)/actions", token: window, body: Bodies.decide("accept", "accept"))
            XCTAssertEqual(r.status, 200, r.text)
        }
        for (step, decision) in [("eligibility-review", "eligible"), ("make-card", "card-made")] {
            _ = await h.call("POST", "/v1/cases/SOON/actions", token: officer, body: Bodies.decide(step, decision))
        }
        h.advance(seconds: 20 * 86_400)   // due at the end of 10-22
        for (step, decision) in [("eligibility-review", "eligible"), ("make-card", "card-made")] {
            _ = await h.call("POST", "/v1/cases/LATE/actions", token: officer, body: Bodies.decide(step, decision))
        }
        let late = await h.call("GET", "/v1/cases/LATE", token: window)
        XCTAssertEqual(late.json["onTime"] as? Bool, false, late.text)
        let lateClock = try XCTUnwrap(late.json["clock"] as? [String: Any])
        XCTAssertEqual(lateClock["colour"] as? String, "red")
        XCTAssertEqual(lateClock["due"] as? String, "2025-10-23T00:00:00+08:00")
        XCTAssertNil(lateClock["warnAt"])
        let soon = await h.call("GET", "/v1/cases/SOON", token: window)
        XCTAssertNil((soon.json["clock"] as? [String: Any])?["due"], soon.text)
        let list = await h.call("GET", "/v1/cases?status=finished", token: window)
        let rows = try XCTUnwrap(list.json["cases"] as? [[String: Any]])
        let dueAt = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as! String, $0["dueAt"] as? String) })
        XCTAssertEqual(dueAt["LATE"], "2025-10-23T00:00:00+08:00")
        XCTAssertEqual(dueAt["SOON"], .some(nil))
    }
}
