import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import XCTest

/// `step(into:)` changes the caller's state in place; a command refused
/// after some of its events were folded must leave no trace of them.
final class InPlaceStepTests: XCTestCase {
    let fields: [String: FieldValue] = [
        "applicant-name": .string("某建设公司"), "project-name": .string("某大厦"),
        "contact-phone": .string("13800138000"), "major-project": .boolean(false), "by-agent": .boolean(false),
    ]
    let complete = ["application", "designer-qualification", "drawings", "technical-evaluation"]

    func testARefusalAfterTheFirstEventsIsUndone() throws {
        var d = try CaseDriver(CommandTests.file)
        d.run(.submit(fields: fields, materials: complete, channel: .window), at: at("2026-12-14T09:30"))
        d.run(.decide(node: "accept", decision: "accept", actor: CaseDriver.officer("w1", "window"), comment: nil),
              at: at("2026-12-14T10:00"))
        // Leaving review cancels its timers and folds `left`; entering
        // decide then needs a step clock past the calendar's last year.
        let command = Command.decide(node: "review", decision: "recommend-approve",
                                     actor: CaseDriver.officer("r1", "meteorology-reviewer"), comment: nil)
        let now = at("2026-12-31T10:00")
        guard case .failure(.clock) = d.attempt(command, at: now) else { return XCTFail("expected a calendar refusal") }
        var state = d.state
        XCTAssertThrowsError(try step(d.machine, into: &state, command, at: now, calendar: d.calendar))
        XCTAssertEqual(state, d.state)
        XCTAssertEqual(state.pendingTimers, d.state.pendingTimers)
        XCTAssertEqual(state.tokens, d.state.tokens)
    }

    func testInPlaceStepsReplayToTheSameState() throws {
        var d = try CaseDriver(CommandTests.file)
        var state = d.state
        var events: [CaseEvent] = []
        let t0 = at("2025-09-22T09:30")
        for (command, now) in [
            (Command.submit(fields: fields, materials: complete, channel: .window), t0),
            (.decide(node: "accept", decision: "accept", actor: CaseDriver.officer("w1", "window"), comment: nil), t0.adding(seconds: 60)),
        ] {
            events += try step(d.machine, into: &state, command, at: now, calendar: d.calendar).events
            d.run(command, at: now)
        }
        XCTAssertEqual(state, d.state)
        XCTAssertEqual(CaseState.replay(events), state)
    }

    /// One record reused for every command gives each command's events, and
    /// nothing for a refused one.
    func testAReusedRecordHoldsEachCommandsEvents() throws {
        var d = try CaseDriver(CommandTests.file)
        var state = d.state
        var record = StepRecord()
        let t0 = at("2025-09-22T09:30")
        let commands: [Command] = [
            .submit(fields: fields, materials: complete, channel: .window),
            .decide(node: "accept", decision: "accept", actor: CaseDriver.officer("w1", "window"), comment: "收件"),
        ]
        for (i, command) in commands.enumerated() {
            let now = t0.adding(seconds: 60 * i)
            try step(d.machine, into: &state, command, at: now, calendar: d.calendar, recording: &record)
            let before = d.events.count
            d.run(command, at: now)
            XCTAssertEqual(state, d.state)
            XCTAssertFalse(record.events.isEmpty)
            XCTAssertEqual(record.events, Array(d.events[before...]))
            XCTAssertEqual(record.effects, d.effects)
        }
        let refused = Command.decide(node: "accept", decision: "accept", actor: CaseDriver.officer("w1", "window"), comment: nil)
        XCTAssertThrowsError(try step(d.machine, into: &state, refused, at: t0.adding(seconds: 600), calendar: d.calendar,
                                      recording: &record))
        XCTAssertEqual(record.events, [])
        XCTAssertEqual(state, d.state)
    }
}
