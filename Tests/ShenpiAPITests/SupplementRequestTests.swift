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
    /// nothing: the request must name what was found defective. A comment
    /// alone gave `还需补交：。身份证复印件不清晰`.
    func testARequestWithNothingMissingMustNameTheDefectiveMaterials() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("FULL"))
        let before = try h.eventCount("FULL")
        for comment in [nil, "。", "  ", "身份证复印件不清晰"] {
            var body = #"{"type":"decide","step":"accept","decision":"supplement""#
            if let comment { body += #","comment":"\#(comment)""# }
            let bare = await h.call("POST", "/v1/cases/FULL/actions", token: window, body: body + "}")
            XCTAssertEqual(bare.status, 422, bare.text)
            XCTAssertEqual(bare.code, "supplement-refused")
            XCTAssertEqual(bare.error["field"] as? String, "defective")
            XCTAssertEqual(bare.error["message"] as? String, "nothing step \"accept\" checks is missing, so the notice would list nothing: "
                + "name the materials found defective in \"defective\" (the notice lists them; \"comment\" says what is wrong), or decide on the materials handed in")
        }
        XCTAssertEqual(try h.eventCount("FULL"), before, "a refusal writes nothing")
        let said = await h.call("POST", "/v1/cases/FULL/actions", token: window,
                                body: #"{"type":"decide","step":"accept","decision":"supplement","defective":["id-card"],"comment":"身份证复印件不清晰"}"#)
        XCTAssertEqual(said.status, 200, said.text)
        let read = await h.call("GET", "/v1/cases/FULL", token: window)
        XCTAssertTrue(read.text.contains("还需补交：申请人居民身份证。身份证复印件不清晰"), read.text)
    }

    /// Art. 32: a material handed in and not in legal form is named in
    /// `defective`; it goes into the same notice and counts as not handed in.
    func testMaterialsFoundDefectiveAreAskedForAgain() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("FULL"))
        let nonLocal = Bodies.busCard("PART").replacingOccurrences(of: #""hukou":"local""#, with: #""hukou":"non-local""#)
        _ = await h.call("POST", "/v1/cases", token: window, body: nonLocal)
        let before = try h.eventCount("FULL")
        let refusals: [(String, String, Int, String, String)] = [
            ("FULL", #""decision":"accept","defective":["id-card"]"#, 422, "defective-refused",
             "decision \"accept\" of step \"accept\" requests no supplement, so it cannot name materials defective"),
            ("FULL", #""decision":"supplement","defective":["cake"]"#, 422, "unknown-materials", "unknown materials cake named defective"),
            ("PART", #""decision":"supplement","defective":["residence-permit"]"#, 422, "defective-refused",
             "residence-permit was not handed in: only a material handed in can be found defective (one never handed in is missing)"),
            ("FULL", #""decision":"supplement","defective":"id-card""#, 400, "bad-body", "expected an array of strings, found string"),
            ("FULL", #""decision":"supplement","defective":[1]"#, 400, "bad-body", "expected a string, found integer"),
        ]
        for (id, fields, status, code, message) in refusals {
            let answer = await h.call("POST", "/v1/cases/\(id)/actions", token: window, body: #"{"type":"decide","step":"accept",\#(fields)}"#)
            XCTAssertEqual(answer.status, status, answer.text)
            XCTAssertEqual(answer.code, code, answer.text)
            XCTAssertTrue((answer.error["field"] as? String)?.hasPrefix("defective") == true, answer.text)
            XCTAssertEqual(answer.error["message"] as? String, message)
        }
        XCTAssertEqual(try h.eventCount("FULL"), before, "a refusal writes nothing")
        let told = await h.call("POST", "/v1/cases/FULL/actions", token: window,
                                body: #"{"type":"decide","step":"accept","decision":"supplement","defective":["id-card"]}"#)
        XCTAssertEqual(told.status, 200, told.text)
        XCTAssertEqual(told.json["awaitingSupplement"] as? [String], ["id-card"])
        let steps = told.json["activeSteps"] as? [[String: Any]]
        XCTAssertEqual(steps?.first?["missingMaterials"] as? [String], ["id-card"], told.text)
        let read = await h.call("GET", "/v1/cases/FULL", token: window)
        XCTAssertTrue(read.text.contains("还需补交：申请人居民身份证。"), read.text)
        let request = (read.json["history"] as? [[String: Any]])?.first { $0["type"] as? String == "supplementRequested" }
        XCTAssertEqual((request?["detail"] as? [String: Any])?["defective"] as? [String], ["id-card"], read.text)
        // Brought again, the window accepts.
        _ = await h.call("POST", "/v1/cases/FULL/actions", token: window, body: #"{"type":"supplement","materials":["id-card"]}"#)
        let accepted = await h.call("POST", "/v1/cases/FULL/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
    }
}
