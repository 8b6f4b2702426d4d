import Foundation
import XCTest

/// A case that finishes during a special procedure or a flow's pause is no
/// longer in one: the case view must not show the pause as in progress.
final class FinishedWhilePausedTests: XCTestCase {
    static let design = """
        {"flow":"lightning-design","id":"LD-1","fields":{"applicant-name":"某建设公司","project-name":"厂房","contact-phone":"13900007777",\
        "major-project":false,"by-agent":false},"materials":["application","designer-qualification","drawings","technical-evaluation","products"]}
        """

    func testAFinishedCaseShowsNoSpecialProcedureOrPause() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        let head = try h.user("chen.head", department: "meteorology", roles: ["meteorology-head"])
        for id in ["LD-1", "LD-2"] {
            _ = await h.call("POST", "/v1/cases", token: window, body: Self.design.replacingOccurrences(of: "LD-1", with: id))
            _ = await h.call("POST", "/v1/cases/\(id)/actions", token: window, body: Bodies.decide("accept", "accept"))
        }
        // LD-1: refused while its special procedure (听证) runs.
        let started = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: #"{"type":"start-special-procedure","reason":"听证","days":20}"#)
        XCTAssertEqual(started.json["specialProcedure"] as? String, "听证", started.text)
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Bodies.decide("review", "recommend-refuse"))
        let refused = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: Bodies.decide("decide", "refuse", comment: "防雷设计不符合规范"))
        XCTAssertEqual(refused.json["outcome"] as? String, "refused", refused.text)
        XCTAssertNil(refused.json["specialProcedure"], refused.text)
        let read = await h.call("GET", "/v1/cases/LD-1", token: window)
        XCTAssertNil(read.json["specialProcedure"], read.text)
        // LD-2: withdrawn during the flow's expert review (a pause of the flow).
        let paused = await h.call("POST", "/v1/cases/LD-2/actions", token: reviewer, body: PauseDurationAPITests.expertReview(#"{"workdays":20}"#))
        XCTAssertNotNil(paused.json["paused"], paused.text)
        let withdrawn = await h.call("POST", "/v1/cases/LD-2/actions", token: window, body: #"{"type":"withdraw","reason":"项目取消"}"#)
        XCTAssertEqual(withdrawn.json["outcome"] as? String, "withdrawn", withdrawn.text)
        XCTAssertNil(withdrawn.json["paused"], withdrawn.text)
    }
}
