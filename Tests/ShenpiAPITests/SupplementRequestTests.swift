import Foundation
import XCTest

/// 一次性告知 is given once: a request for supplement repeated before the
/// applicant answered the first notice sent the same notice again and
/// entered the window step anew.
final class SupplementRequestTests: XCTestCase {
    func testARequestRepeatedBeforeTheApplicantAnsweredIsRefused() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let nonLocal = Bodies.busCard("PART").replacingOccurrences(of: #""hukou":"local""#, with: #""hukou":"non-local""#)
        _ = await h.call("POST", "/v1/cases", token: window, body: nonLocal)
        let notice = await h.call("POST", "/v1/cases/PART/actions", token: window, body: Bodies.decide("accept", "supplement"))
        XCTAssertEqual(notice.status, 200, notice.text)
        XCTAssertEqual(notice.json["awaitingSupplement"] as? [String], ["residence-permit"])
        let before = try h.eventCount("PART")
        let again = await h.call("POST", "/v1/cases/PART/actions", token: window, body: Bodies.decide("accept", "supplement"))
        XCTAssertEqual(again.status, 422, again.text)
        XCTAssertEqual(again.code, "supplement-refused")
        XCTAssertEqual(again.error["field"] as? String, "decision")
        XCTAssertEqual(try h.eventCount("PART"), before, "a refusal writes nothing")
        // The version check still comes first.
        let stale = await h.call("POST", "/v1/cases/PART/actions", token: window, body: Bodies.decide("accept", "supplement"),
                                 headers: ["If-Match": "\"1\""])
        XCTAssertEqual(stale.status, 409, stale.text)
        // Once the applicant answered, the window accepts.
        _ = await h.call("POST", "/v1/cases/PART/actions", token: window, body: #"{"type":"supplement","materials":["residence-permit"]}"#)
        let accepted = await h.call("POST", "/v1/cases/PART/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
    }

    /// A partial answer is new: the window may tell the applicant again (the
    /// document handed in is defective, say), while the rest is still awaited.
    func testARequestAfterAPartialAnswerIsAllowed() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let body = Bodies.busCard("HALF", materials: []).replacingOccurrences(of: #""hukou":"local""#, with: #""hukou":"non-local""#)
        _ = await h.call("POST", "/v1/cases", token: window, body: body)
        let notice = await h.call("POST", "/v1/cases/HALF/actions", token: window, body: Bodies.decide("accept", "supplement"))
        XCTAssertEqual((notice.json["awaitingSupplement"] as? [String])?.sorted(), ["id-card", "residence-permit"], notice.text)
        _ = await h.call("POST", "/v1/cases/HALF/actions", token: window, body: #"{"type":"supplement","materials":["id-card"]}"#)
        let again = await h.call("POST", "/v1/cases/HALF/actions", token: window, body: Bodies.decide("accept", "supplement"))
        XCTAssertEqual(again.status, 200, again.text)
        let repeated = await h.call("POST", "/v1/cases/HALF/actions", token: window, body: Bodies.decide("accept", "supplement"))
        XCTAssertEqual(repeated.code, "supplement-refused", "and once more with nothing handed in since: refused")
    }
}

