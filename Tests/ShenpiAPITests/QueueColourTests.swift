import Foundation
import ShenpiCalendar
import XCTest

/// The window officer's and reviewer's traffic lights: each queue item and
/// each active step shows its step clock's colour, and the item its case's,
/// at the moment of asking.
final class QueueColourTests: XCTestCase {
    func testQueueItemsAndActiveStepsCarryTheirClockColours() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))

        // Not accepted yet: the intake step has its clock, the case none.
        let intakeQueue = await h.call("GET", "/v1/queue", token: window)
        let intake = try XCTUnwrap((intakeQueue.json["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(intake["stepColour"] as? String, "normal")
        XCTAssertNil(intake["caseColour"], "no case clock before acceptance")

        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let made = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: Bodies.decide("eligibility-review", "eligible"))
        XCTAssertEqual(made.status, 200, made.text)
        let step = try XCTUnwrap((made.json["activeSteps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["step"] as? String, "make-card")
        XCTAssertEqual(step["colour"] as? String, "normal")
        let warnAt = try XCTUnwrap(Instant(iso: try XCTUnwrap(step["warnAt"] as? String)))
        let due = try XCTUnwrap(Instant(iso: try XCTUnwrap(step["due"] as? String)))

        func colours() async throws -> (item: String?, step: String?, case: String?) {
            let queue = await h.call("GET", "/v1/queue", token: officer)
            let item = try XCTUnwrap((queue.json["items"] as? [[String: Any]])?.first)
            let read = await h.call("GET", "/v1/cases/BC-1", token: officer)
            let active = (read.json["activeSteps"] as? [[String: Any]])?.first
            XCTAssertEqual(item["caseColour"] as? String, (read.json["clock"] as? [String: Any])?["colour"] as? String)
            return (item["stepColour"] as? String, active?["colour"] as? String, item["caseColour"] as? String)
        }
        var now = try await colours()
        XCTAssertEqual([now.item, now.step, now.case], ["normal", "normal", "normal"])

        h.advance(seconds: warnAt.secondsSinceEpoch - h.now.secondsSinceEpoch)
        now = try await colours()
        XCTAssertEqual([now.item, now.step], ["yellow", "yellow"], "in the step's warning period")

        h.advance(seconds: due.secondsSinceEpoch - h.now.secondsSinceEpoch)
        now = try await colours()
        XCTAssertEqual([now.item, now.step], ["red", "red"], "past the step's limit")
    }

    /// A case waiting on a special procedure says so in the queue, and stops saying it when it ends.
    func testAQueueItemSaysWhyTheCaseClockIsStopped() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        func item() async throws -> [String: Any] {
            let queue = await h.call("GET", "/v1/queue", token: officer)
            return try XCTUnwrap((queue.json["items"] as? [[String: Any]])?.first)
        }
        var running = try await item()
        XCTAssertNil(running["clockStoppedFor"])
        XCTAssertNotNil(running["caseDue"])
        let started = await h.call("POST", "/v1/cases/BC-1/actions", token: officer,
                                   body: #"{"type":"start-special-procedure","reason":"户籍核验","workdays":5}"#)
        XCTAssertEqual(started.status, 200, started.text)
        let stopped = try await item()
        XCTAssertEqual(stopped["clockStoppedFor"] as? String, "户籍核验")
        XCTAssertNil(stopped["caseDue"], "no due date while stopped")
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"end-special-procedure"}"#)
        running = try await item()
        XCTAssertNil(running["clockStoppedFor"])
    }

    /// A flow's pause that outlasts the special procedure it began in is what
    /// the queue then names: from the case, not from the clock's first reason.
    func testAQueueItemNamesAFlowPauseThatOutlastsASpecialProcedure() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        let liaison = try h.user("he.met", department: "meteorology", roles: ["meteorology-officer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let started = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer,
                                   body: #"{"type":"start-special-procedure","reason":"现场核查","workdays":3}"#)
        XCTAssertEqual(started.status, 200, started.text)
        let paused = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: PauseDurationAPITests.expertReview(#"{"workdays":20}"#))
        XCTAssertEqual(paused.status, 200, paused.text)
        func stoppedFor() async throws -> String? {
            let queue = await h.call("GET", "/v1/queue", token: liaison)
            return try XCTUnwrap((queue.json["items"] as? [[String: Any]])?.first)["clockStoppedFor"] as? String
        }
        var reason = try await stoppedFor()
        XCTAssertEqual(reason, "现场核查", "the special procedure first")
        let ended = await h.call("POST", "/v1/cases/LD-1/actions", token: liaison, body: #"{"type":"end-special-procedure"}"#)
        XCTAssertEqual(ended.status, 200, ended.text)
        XCTAssertEqual(ended.json["paused"] as? String, "专家评审")
        XCTAssertEqual((ended.json["clock"] as? [String: Any])?["pausedFor"] as? String, "专家评审", "the case clock says so too")
        reason = try await stoppedFor()
        XCTAssertEqual(reason, "专家评审", "then the flow's pause, still running")
        // Rules 5: a step may start its own beside the flow's pause; its item names it.
        let again = await h.call("POST", "/v1/cases/LD-1/actions", token: liaison,
                                 body: #"{"type":"start-special-procedure","reason":"补充检测","workdays":3}"#)
        XCTAssertEqual(again.status, 200, again.text)
        reason = try await stoppedFor()
        XCTAssertEqual(reason, "补充检测", "the item's own step's special procedure")
        let twice = await h.call("POST", "/v1/cases/LD-1/actions", token: liaison,
                                 body: #"{"type":"start-special-procedure","reason":"再检测","workdays":3}"#)
        XCTAssertEqual(twice.error["message"] as? String, "a special procedure (补充检测) is already in progress at expert-panel; end that first", twice.text)
    }
}
