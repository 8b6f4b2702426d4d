import Foundation
import XCTest

/// The decisions the law wants reasoned (a refusal, Art. 38; not accepting,
/// Art. 32; an extension, Art. 42) are refused without a comment, and the
/// comment reaches the applicant through `{decision.comment}`.
final class DecisionReasonTests: XCTestCase {
    /// Lightning-design case LD-1, accepted and reviewed with `recommendation`: at the head's step.
    func atTheHeadsStep(_ recommendation: String) async throws -> (h: APIHarness, window: String, reviewer: String, head: String) {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        let head = try h.user("chen.head", department: "meteorology", roles: ["meteorology-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let reviewed = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Bodies.decide("review", recommendation))
        XCTAssertEqual(reviewed.status, 200, reviewed.text)
        return (h, window, reviewer, head)
    }

    func testARefusalNeedsAReasonThatTheApplicantIsTold() async throws {
        let (h, window, reviewer, head) = try await atTheHeadsStep("recommend-refuse")
        let before = try h.eventCount("LD-1")

        for body in [Bodies.decide("decide", "refuse"), Bodies.decide("decide", "refuse", comment: " \\t"),
                     Bodies.decide("decide", "refuse", comment: "。"), Bodies.decide("decide", "refuse", comment: "——")] {
            let r = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: body)
            XCTAssertEqual(r.status, 422, r.text)
            XCTAssertEqual(r.code, "reason-required")
            XCTAssertEqual(r.error["field"] as? String, "comment")
            XCTAssertEqual(r.error["message"] as? String, """
                decision "refuse" at step "decide" refuses the application (outcome "refused"); give the reason in "comment": \
                the applicant is told why in writing (Art. 38)
                """)
        }
        // A stale version is the conflict it always was, whatever the comment.
        let stale = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: Bodies.decide("decide", "refuse"),
                                 headers: ["if-match": "\"1\""])
        XCTAssertEqual(stale.status, 409, stale.text)
        // So is someone without the step's role.
        let other = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Bodies.decide("decide", "refuse"))
        XCTAssertEqual(other.status, 403, other.text)
        XCTAssertEqual(try h.eventCount("LD-1"), before, "nothing written")

        let refused = await h.call("POST", "/v1/cases/LD-1/actions", token: head,
                                   body: Bodies.decide("decide", "refuse", comment: "接闪器设置不符合GB 50057要求"))
        XCTAssertEqual(refused.json["outcome"] as? String, "refused", refused.text)
        let read = await h.call("GET", "/v1/cases/LD-1", token: window)
        let texts = (read.json["notifications"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        XCTAssertTrue(texts.contains { $0.contains("不予许可，理由：接闪器设置不符合GB 50057要求。") }, "\(texts)")
    }

    func testAnExtendingDecisionNeedsAReason() async throws {
        let (h, window, _, head) = try await atTheHeadsStep("recommend-approve")
        let bare = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: Bodies.decide("decide", "extend"))
        XCTAssertEqual(bare.status, 422, bare.text)
        XCTAssertEqual(bare.code, "reason-required")
        XCTAssertEqual(bare.error["message"] as? String, """
            decision "extend" at step "decide" extends the case limit; give the reason in "comment": the applicant is told why (Art. 42)
            """)
        let extended = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: Bodies.decide("decide", "extend", comment: "需补充论证"))
        XCTAssertEqual(extended.status, 200, extended.text)
        let read = await h.call("GET", "/v1/cases/LD-1", token: window)
        let texts = (read.json["notifications"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        XCTAssertTrue(texts.contains { $0.contains("延长 10 个工作日，理由：需补充论证，延长后的办结日期为") }, "\(texts)")
    }

    func testAnApprovalNeedsNoComment() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        let accepted = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
    }
}
