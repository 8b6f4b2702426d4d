import Foundation
import ShenpiStore
import XCTest

/// Art. 45: a decision that stops the clock for an expert review, a test, a
/// hearing … tells the applicant in writing how long it is expected to
/// take. Where the flow's `pause:` has no `expected:`, the officer says it
/// (`expected`), or the decision is refused (422 `expected-required`).
final class PauseDurationAPITests: XCTestCase {
    /// Lightning-design case LD-1, accepted: at the reviewer's step, whose `expert-review` pauses without `expected:`.
    func atTheReview() async throws -> (h: APIHarness, window: String, reviewer: String) {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        let accepted = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        return (h, window, reviewer)
    }

    static func expertReview(_ expected: String) -> String {
        #"{"type":"decide","step":"review","decision":"expert-review","expected":\#(expected)}"#
    }

    func testAPauseWithoutAnExpectedDurationIsRefusedAndOneWithItIsTold() async throws {
        let (h, window, reviewer) = try await atTheReview()
        let before = try h.eventCount("LD-1")
        let bare = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Bodies.decide("review", "expert-review"))
        XCTAssertEqual(bare.status, 422, bare.text)
        XCTAssertEqual(bare.code, "expected-required")
        XCTAssertEqual(bare.error["field"] as? String, "expected")
        XCTAssertEqual(bare.error["message"] as? String, """
            decision "expert-review" at step "review" stops the clock for 专家评审; say how long it is expected to take in "expected" \
            ({"workdays": 20}, {"days": …} or {"hours": …}): the applicant is told in writing (Art. 45)
            """)
        // Bad shapes are 400 with the field; a decision that pauses nothing takes no duration.
        for (body, field) in [(Self.expertReview("20"), "expected"), (Self.expertReview(#"{"weeks":3}"#), "expected.weeks"),
                              (Self.expertReview(#"{}"#), "expected.workdays"),
                              (Self.expertReview(#"{"workdays":0}"#), "expected.workdays"),
                              (Self.expertReview(#"{"workdays":5,"days":7}"#), "expected.days")] {
            let r = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: body)
            XCTAssertEqual(r.status, 400, body + " " + r.text)
            XCTAssertEqual(r.error["field"] as? String, field, body)
            if field == "expected.weeks" {
                XCTAssertEqual(r.error["message"] as? String, #"unknown unit "weeks" for the expected duration; expected one of "workdays", "days", "hours""#)
            }
        }
        let notPausing = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer,
                                      body: #"{"type":"decide","step":"review","decision":"recommend-approve","expected":{"workdays":5}}"#)
        XCTAssertEqual(notPausing.status, 422, notPausing.text)
        XCTAssertEqual(notPausing.code, "expected-refused")
        XCTAssertEqual(notPausing.error["field"] as? String, "expected")
        XCTAssertEqual(try h.eventCount("LD-1"), before, "nothing written")

        let paused = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Self.expertReview(#"{"workdays":20}"#))
        XCTAssertEqual(paused.status, 200, paused.text)
        let read = await h.call("GET", "/v1/cases/LD-1", token: window)
        let texts = (read.json["notifications"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        XCTAssertTrue(texts.contains { $0.contains("需组织专家评审，预计需要20个工作日，评审时间不计入办理时限") }, "\(texts)")
        let history = read.json["history"] as? [[String: Any]] ?? []
        let stated = history.first { $0["type"] as? String == "pauseExpected" }
        let detail = (stated?["detail"] as? [String: Any])?["expected"] as? [String: Any]
        XCTAssertEqual(detail?["amount"] as? Int, 20, "\(history)")
        XCTAssertEqual(detail?["unit"] as? String, "workdays")
        // The audit re-runs the decision with the duration the event recorded, and finds the same notice.
        let audit = try StoreAudit.verify(h.engine.database.writer, calendars: h.engine.calendars)
        XCTAssertNil(audit.mismatch, "\(String(describing: audit.mismatch))")
        XCTAssertEqual(audit.notRerun, 0)
    }
}
