import ShenpiCalendar
import ShenpiEngine
import XCTest

/// The pitfalls of DOMAIN.md, each as a case.
final class PitfallTests: XCTestCase {
    let window = CaseDriver.officer("w1", "window")
    let reviewer = CaseDriver.officer("r1", "meteorology-reviewer")
    let head = CaseDriver.officer("h1", "meteorology-head")

    func accepted(at t: Instant) throws -> CaseDriver {
        var d = try CaseDriver("workflows/meteorology/lightning-design.yaml")
        let fields: [String: FieldValue] = ["applicant-name": .string("乙公司"), "project-name": .string("办公楼"),
                                            "contact-phone": .string("13900000001"), "major-project": .boolean(false), "by-agent": .boolean(false)]
        d.run(.submit(fields: fields, materials: d.allMaterials, channel: .window), at: t)
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t)
        return d
    }

    /// docs/calendar.md: 10 workdays from Monday 9/22, paused 9/29, resumed 10/13 → due end of 10/17.
    func testPauseAcrossTheHolidayWeekThenResumeReschedulesTimers() throws {
        var d = try accepted(at: at("2025-09-22T09:00"))
        let stepTimeout = try XCTUnwrap(d.stepTimer("review", .stepTimeout))
        let paused = d.run(.startSpecialProcedure(reason: "听证", actor: reviewer), at: at("2025-09-29T16:00"))
        XCTAssertTrue(paused.contains(.cancelTimer(id: "case-timeout")))
        // The review step ran out on 9/26, before the pause: its timeout is due and
        // not fired yet, so the pause leaves it pending — it must still fire, once.
        XCTAssertFalse(paused.contains(.cancelTimer(id: stepTimeout.id)))
        let stepWarning = try XCTUnwrap(d.stepTimer("review", .stepWarning))
        XCTAssertEqual(Set(d.state.pendingTimers), [stepTimeout, stepWarning], "both fell due before the pause")
        let resumed = d.run(.endSpecialProcedure(actor: reviewer), at: at("2025-10-13T09:00"))
        XCTAssertEqual(d.state.caseClock?.due, at("2025-10-18T00:00"))
        XCTAssertEqual(d.timer(.caseTimeout).map(\.at), [at("2025-10-18T00:00")])
        XCTAssertFalse(resumed.contains { if case .scheduleTimer(let t) = $0 { return t.id == stepTimeout.id } else { return false } },
                       "a lapsed clock never gets a second timeout")
        XCTAssertEqual(d.state.pendingTimers.filter { $0.id == stepTimeout.id }, [stepTimeout])
        XCTAssertTrue(resumed.contains { if case .notify(let n) = $0 { return n.text.contains("2025-10-17") } else { return false } })
        XCTAssertEqual(CaseState.replay(d.events), d.state)
    }

    /// A timeout that has fired is not sent again when a later pause ends.
    func testALapsedStepIsNotTimedOutTwiceAfterAPause() throws {
        var d = try accepted(at: at("2025-09-22T09:00"))
        let stepTimeout = try XCTUnwrap(d.stepTimer("review", .stepTimeout))
        d.run(.timerFired(id: stepTimeout.id), at: at("2025-09-29T09:00"))
        d.run(.startSpecialProcedure(reason: "听证", actor: reviewer), at: at("2025-09-29T16:00"))
        let resumed = d.run(.endSpecialProcedure(actor: reviewer), at: at("2025-10-13T09:00"))
        XCTAssertFalse(resumed.contains { if case .scheduleTimer(let t) = $0 { return t.kind == .stepTimeout } else { return false } })
        XCTAssertNil(d.stepTimer("review", .stepTimeout))
        XCTAssertEqual(d.timer(.caseTimeout).map(\.at), [at("2025-10-18T00:00")], "the case clock, not lapsed, is rescheduled")
    }

    func testAFinishedCaseIsJudgedAtCompletion() throws {
        var onTime = try accepted(at: at("2025-09-22T09:00"))
        onTime.run(.withdraw(reason: nil), at: at("2025-10-10T16:00"))
        XCTAssertEqual(onTime.state.onTime, true)
        XCTAssertTrue(onTime.state.pendingTimers.isEmpty, "no timer can turn it red later")
        XCTAssertEqual(onTime.error(.timerFired(id: "case-timeout"), at: at("2025-12-01T00:00")), .caseFinished(outcome: "withdrawn"))
        XCTAssertNotNil(onTime.state.caseClock?.completedAt)

        var late = try accepted(at: at("2025-09-22T09:00"))
        late.run(.timerFired(id: "case-timeout"), at: at("2025-10-12T00:00"))
        XCTAssertTrue(late.effects.contains { if case .notify(let n) = $0 { return n.to == .role("meteorology-reviewer") } else { return false } })
        late.run(.withdraw(reason: nil), at: at("2025-10-20T10:00"))
        XCTAssertEqual(late.state.onTime, false)
    }

    func testRemindersSurviveAReturn() throws {
        var d = try accepted(at: at("2025-09-22T09:00"))
        d.run(.decide(node: "review", decision: "expert-review", actor: reviewer, comment: nil), at: at("2025-09-23T09:00"))
        d.run(.decide(node: "expert-panel", decision: "opinions-received", actor: CaseDriver.officer("o1", "meteorology-officer"), comment: nil),
              at: at("2025-09-25T09:00"))
        let first = try XCTUnwrap(d.stepTimer("re-review", .stepTimeout))
        d.run(.decide(node: "re-review", decision: "recommend-approve", actor: reviewer, comment: nil), at: at("2025-09-25T10:00"))
        XCTAssertNil(d.stepTimer("re-review", .stepTimeout))
        // The head sends it back with an extension: re-review is entered again.
        d.run(.decide(node: "decide", decision: "extend", actor: head, comment: "情况复杂"), at: at("2025-09-26T10:00"))
        let again = try XCTUnwrap(d.stepTimer("re-review", .stepTimeout), "a step entered again gets its timeout again")
        XCTAssertNotEqual(again.id, first.id)
        XCTAssertEqual(again.at, at("2025-09-30T00:00"), "2 workdays from Friday 9/26: 9/28 (worked), 9/29")
        XCTAssertTrue(d.events.contains { $0.fact == .extended(by: 10, approver: "h1", reason: "情况复杂") }, "the comment is the reason")
        d.run(.timerFired(id: again.id), at: again.at)
        XCTAssertTrue(d.effects.contains { if case .notify(let n) = $0 { return n.to == .role("meteorology-reviewer") && n.text.contains("超过") } else { return false } })
        XCTAssertEqual(d.active, ["re-review"], "a timeout without on-timeout only reminds")
    }

    func testWarningTimerNotifiesTheRole() throws {
        var d = try accepted(at: at("2025-09-22T09:00"))
        let warning = try XCTUnwrap(d.stepTimer("review", .stepWarning))
        XCTAssertEqual(d.error(.timerFired(id: warning.id), at: warning.at.adding(seconds: -1))?.isTimerNotDue, true)
        d.run(.timerFired(id: warning.id), at: warning.at)
        XCTAssertTrue(d.effects.contains { if case .notify(let n) = $0 { return n.to == .role("meteorology-reviewer") } else { return false } })
        XCTAssertNil(d.stepTimer("review", .stepWarning))
        XCTAssertNotNil(d.stepTimer("review", .stepTimeout))
    }
}
