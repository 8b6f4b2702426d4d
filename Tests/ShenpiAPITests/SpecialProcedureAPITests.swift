import Foundation
import XCTest

/// `start-special-procedure` says how long it is expected to take, and the
/// applicant is told (Art. 45: 所需时间书面告知申请人).
final class SpecialProcedureAPITests: XCTestCase {
    /// LD-1 accepted and at its review; the reviewer's token.
    static func acceptedDesignReview() async throws -> (APIHarness, String) {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        return (h, reviewer)
    }

    func testTheApplicantIsToldHowLongASpecialProcedureTakes() async throws {
        let (h, reviewer) = try await Self.acceptedDesignReview()
        let before = try h.eventCount("LD-1")

        let refusals: [(String, String, String)] = [
            (#"{"type":"start-special-procedure","reason":"听证"}"#, "workdays",
             #"a special procedure needs one of "workdays", "days", "hours" (how long it is expected to take)"#),
            (#"{"type":"start-special-procedure","reason":"听证","days":20,"workdays":15}"#, "days",
             "give its expected duration in one unit only"),
            (#"{"type":"start-special-procedure","reason":"听证","days":0}"#, "days", "its expected duration is 1 to 9999 days"),
            (#"{"type":"start-special-procedure","reason":"听证","days":"20"}"#, "days", "expected an integer, found string"),
        ]
        for (body, field, message) in refusals {
            let r = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: body)
            XCTAssertEqual(r.status, 400, body + " " + r.text)
            XCTAssertEqual(r.error["field"] as? String, field, body)
            XCTAssertEqual(r.error["message"] as? String, message, body)
        }
        let stop = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: #"{"type":"start-special-procedure","reason":"。","days":20}"#)
        XCTAssertEqual(stop.status, 422, stop.text)
        XCTAssertEqual(stop.code, "reason-required")
        XCTAssertEqual(stop.error["field"] as? String, "reason")
        XCTAssertEqual(try h.eventCount("LD-1"), before, "nothing written")

        let started = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer,
                                   body: #"{"type":"start-special-procedure","reason":"听证。","days":20}"#)
        XCTAssertEqual(started.status, 200, started.text)
        XCTAssertEqual(started.json["specialProcedure"] as? String, "听证。", "recorded as given; the notice quotes it")
        let read = await h.call("GET", "/v1/cases/LD-1", token: reviewer)
        let history = try XCTUnwrap(read.json["history"] as? [[String: Any]])
        let event = try XCTUnwrap(history.last { $0["type"] as? String == "specialProcedureStarted" }?["detail"] as? [String: Any])
        let expected = try XCTUnwrap(event["expected"] as? [String: Any])
        XCTAssertEqual(expected["amount"] as? Int, 20)
        XCTAssertEqual(expected["unit"] as? String, "days")
        let notice = try XCTUnwrap((read.json["notifications"] as? [[String: Any]])?.last?["text"] as? String)
        XCTAssertEqual(notice, "您的防雷装置设计审核申请（受理编号LD-1）进入特别程序（听证），预计需要20个自然日，所需时间不计入办理时限。")
    }

    /// Rules 5: a special procedure is started at a step (named, or the
    /// caller's first active one), and only that step's role ends it.
    func testASpecialProcedureBelongsToTheStepItBeganAt() async throws {
        let (h, reviewer) = try await Self.acceptedDesignReview()
        let before = try h.eventCount("LD-1")
        for (body, status, code) in [
            (#"{"type":"start-special-procedure","reason":"听证","days":20,"step":"decide"}"#, 422, "step-not-active"),
            (#"{"type":"start-special-procedure","reason":"听证","days":20,"step":"nowhere"}"#, 422, "step-not-active"),
            (#"{"type":"start-special-procedure","reason":"听证","days":20,"step":5}"#, 400, "bad-body"),
        ] {
            let r = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: body)
            XCTAssertEqual([r.status.description, r.code ?? ""], [status.description, code], body + " " + r.text)
        }
        XCTAssertEqual(try h.eventCount("LD-1"), before, "nothing written")
        let started = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer,
                                   body: #"{"type":"start-special-procedure","reason":"听证","days":20,"step":"review"}"#)
        XCTAssertEqual(started.status, 200, started.text)
        XCTAssertEqual(started.json["specialProcedures"] as? [[String: String]], [["reason": "听证", "step": "review"]])
        let read = await h.call("GET", "/v1/cases/LD-1", token: reviewer)
        let event = try XCTUnwrap((read.json["history"] as? [[String: Any]])?.last { $0["type"] as? String == "specialProcedureStarted" })
        XCTAssertEqual((event["detail"] as? [String: Any])?["step"] as? String, "review")
        let twice = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer,
                                 body: #"{"type":"start-special-procedure","reason":"检测","days":5}"#)
        XCTAssertEqual([twice.status.description, twice.code ?? "", twice.error["field"] as? String ?? "", twice.error["message"] as? String ?? ""],
                       ["422", "command-refused", "step", "a special procedure (听证) is already in progress at review; end that first"])
        for (step, code, message) in [("decide", "command-refused", "no special procedure began at decide"),
                                      ("nope", "step-not-active", "no step \"nope\" in this flow")] {
            let wrong = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: #"{"type":"end-special-procedure","step":"\#(step)"}"#)
            XCTAssertEqual([wrong.status.description, wrong.code ?? "", wrong.error["field"] as? String ?? "", wrong.error["message"] as? String ?? ""],
                           ["422", code, "step", message], wrong.text)
        }
        let ended = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: #"{"type":"end-special-procedure","step":"review"}"#)
        XCTAssertEqual(ended.status, 200, ended.text)
        XCTAssertNil(ended.json["specialProcedures"])
    }
}
