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

    /// With everything the step checks handed in, a notice would list
    /// nothing: the request needs a comment saying what must come again.
    func testARequestWithNothingMissingNeedsAComment() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("FULL"))
        let before = try h.eventCount("FULL")
        for comment in [nil, "。", "  "] {
            var body = #"{"type":"decide","step":"accept","decision":"supplement""#
            if let comment { body += #","comment":"\#(comment)""# }
            let bare = await h.call("POST", "/v1/cases/FULL/actions", token: window, body: body + "}")
            XCTAssertEqual(bare.status, 422, bare.text)
            XCTAssertEqual(bare.code, "supplement-refused")
            XCTAssertEqual(bare.error["field"] as? String, "comment")
            XCTAssertEqual(bare.error["message"] as? String, "nothing step \"accept\" checks is missing, so the notice would list nothing: "
                + "say in \"comment\" what must be supplied again (a document found defective), or decide on the materials handed in")
        }
        XCTAssertEqual(try h.eventCount("FULL"), before, "a refusal writes nothing")
        let said = await h.call("POST", "/v1/cases/FULL/actions", token: window,
                                body: #"{"type":"decide","step":"accept","decision":"supplement","comment":"身份证复印件不清晰"}"#)
        XCTAssertEqual(said.status, 200, said.text)
        // The notice carries the comment: it is what tells the applicant what to bring again.
        let read = await h.call("GET", "/v1/cases/FULL", token: window)
        XCTAssertTrue(read.text.contains("还需补交：。身份证复印件不清晰"), read.text)
    }
}

