import ShenpiCalendar
@testable import ShenpiEngine
import ShenpiMachine
import XCTest

/// The legal limit (法定时限) read off a case clock that runs on the promise:
/// same start, stops and extensions, counted against the law's limit.
final class LegalLimitTests: XCTestCase {
    let center = try! EngineFixtures.calendars.calendar("citizen-center")

    func end(_ day: String) -> Instant { Instant.endOfDay(CivilDate(iso: day)!) }

    /// A promise of 10 workdays from 2025-09-26 (National Day in between),
    /// extended by 5 on 10-14: the legal 20 workdays move by the same 5.
    func testAnExtensionMovesTheLegalLimitToo() throws {
        var record = ClockRecord(limit: TimeLimit(10, .workdays), warnBefore: nil, start: at("2025-09-26T09:30+08:00"), due: nil, warnAt: nil)
        let plain = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2025-10-01T09:00+08:00")))
        XCTAssertEqual(plain.due, end("2025-10-30"))
        XCTAssertEqual(plain.limit.description, "20 workdays")
        XCTAssertEqual(plain.extended, 0)
        XCTAssertFalse(plain.overdue)

        record.entries.append(.extended(at: at("2025-10-14T10:00+08:00"), by: 5, approver: "h1"))
        let extended = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2025-11-07T09:00+08:00")))
        XCTAssertEqual(extended.due, end("2025-11-06"))
        XCTAssertEqual(extended.limit.description, "20 workdays", "as the flow writes it")
        XCTAssertEqual(extended.extended, 5)
        XCTAssertTrue(extended.overdue)
        XCTAssertFalse(extended.provisional)
    }

    /// The flow's warn-before, before the legal limit: yellow for its last days.
    func testTheFlowsWarningAppliesToTheLegalLimit() throws {
        let record = ClockRecord(limit: TimeLimit(10, .workdays), warnBefore: nil, start: at("2025-09-26T09:30+08:00"), due: nil, warnAt: nil)
        func reading(_ t: String) throws -> LegalLimitReading {
            try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at(t), warning: .before(2)))
        }
        XCTAssertEqual(try reading("2025-10-28T17:00+08:00").level, .normal)
        XCTAssertEqual(try reading("2025-10-29T09:00+08:00").level, .warning)
        XCTAssertEqual(try reading("2025-10-29T09:00+08:00").warnAt, at("2025-10-29T00:00+08:00"), "the last 2 working days: 10/29 and 10/30")
        XCTAssertEqual(try reading("2025-10-31T09:00+08:00").level, .overdue)
        XCTAssertNil(try reading("2025-10-31T09:00+08:00").warnAt, "past it, its warning is behind it")
        // A workday warning before a legal limit in days counts as many days; hours before a day limit: its last day.
        let calendar = center
        XCTAssertEqual(ClockRecord.warning(Limit(amount: 2, unit: .workdays), before: .days, calendar), .before(2))
        XCTAssertEqual(ClockRecord.warning(Limit(amount: 240, unit: .minutes), before: .workdays, calendar), .before(1))
        XCTAssertEqual(ClockRecord.warning(nil, before: .workdays, calendar), .never)
    }

    /// A workday warning that would begin on a Saturday begins on Monday, when
    /// the colour turns, as the engine's own warnings do.
    func testAWorkdayWarningBeginsOnAWorkingDay() throws {
        let record = ClockRecord(limit: TimeLimit(5, .workdays), warnBefore: nil, start: at("2026-11-03T10:00+08:00"), due: nil, warnAt: nil)
        let saturday = try XCTUnwrap(record.reckoned(against: TimeLimit(10, .workdays), calendar: center, at: at("2026-11-14T10:00+08:00"),
                                                     warning: .before(2)))
        XCTAssertEqual(saturday.level, .normal)
        XCTAssertEqual(saturday.warnAt, at("2026-11-16T00:00+08:00"), "the 8th working day ends Friday 11/13; yellow from Monday")
        let monday = try XCTUnwrap(record.reckoned(against: TimeLimit(10, .workdays), calendar: center, at: at("2026-11-16T09:00+08:00"),
                                                   warning: .before(2)))
        XCTAssertEqual(monday.level, .warning)
        XCTAssertEqual(monday.due, end("2026-11-17"))
    }

    /// Rolled forward, the warning counts back from the due it rolled to:
    /// 30 days from 9/3 end with 10/3, rolled to 10/8; two days' warning is 10/7 and 10/8.
    func testARolledLimitWarnsBeforeTheDayItRolledTo() throws {
        var record = ClockRecord(limit: TimeLimit(7, .workdays), warnBefore: nil, start: at("2026-09-03T10:00+08:00"), due: nil, warnAt: nil)
        func reading(_ t: String) throws -> LegalLimitReading {
            try XCTUnwrap(record.reckoned(against: TimeLimit(30, .days), calendar: center, at: at(t), warning: .before(2)))
        }
        XCTAssertEqual(try reading("2026-10-02T09:00+08:00").level, .normal)
        XCTAssertEqual(try reading("2026-10-07T09:00+08:00").level, .warning)
        XCTAssertEqual(try reading("2026-10-07T09:00+08:00").warnAt, at("2026-10-07T00:00+08:00"))
        // Finished on 10/5 (in the holiday), judged then: in time and not yet yellow; no due kept.
        record.entries.append(.completed(at: at("2026-10-05T10:00+08:00")))
        let finished = try reading("2026-12-01T09:00+08:00")
        XCTAssertEqual(finished.level, .normal)
        XCTAssertNil(finished.due)
        XCTAssertNil(finished.warnAt)
    }

    /// A stop (special procedure) holds the legal limit as well: no due while stopped.
    func testAStopHoldsTheLegalLimit() throws {
        var record = ClockRecord(limit: TimeLimit(10, .workdays), warnBefore: nil, start: at("2025-09-26T09:30+08:00"), due: nil, warnAt: nil)
        record.entries.append(.paused(at: at("2025-10-20T10:00+08:00"), reason: "专家评审"))
        let stopped = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2025-12-01T09:00+08:00")))
        XCTAssertNil(stopped.due)
        XCTAssertFalse(stopped.overdue, "stopped before the legal limit ran out, it cannot run out while stopped")
        record.entries.append(.resumed(at: at("2025-10-27T10:00+08:00")))
        let resumed = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2025-10-27T10:00+08:00")))
        XCTAssertEqual(resumed.due, end("2025-11-06"))
    }

    /// The hazchem licence: promised 7 workdays, legal 30 calendar days.
    /// An extension of 10 workdays adds 10 days to the legal limit (the law's "十日").
    func testAnExtensionInWorkdaysAddsAsManyCalendarDays() throws {
        var record = ClockRecord(limit: TimeLimit(7, .workdays), warnBefore: nil, start: at("2026-09-03T10:00+08:00"), due: nil, warnAt: nil)
        record.entries.append(.extended(at: at("2026-09-08T10:00+08:00"), by: 10, approver: "h1"))
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(30, .days), calendar: center, at: at("2026-09-08T10:00+08:00")))
        XCTAssertEqual(legal.due, end("2026-10-13"))
        XCTAssertEqual([legal.limit.amount, legal.extended], [30, 10])
    }

    /// A legal limit in calendar days ending on a day off ends with the next
    /// working day (民法典 Art. 203): 30 days from 9/3 end with 10/3, in the
    /// National Day week, so with 10/8.
    func testACalendarDayLegalLimitEndingOnAHolidayEndsWithTheNextWorkingDay() throws {
        let record = ClockRecord(limit: TimeLimit(7, .workdays), warnBefore: nil, start: at("2026-09-03T10:00+08:00"), due: nil, warnAt: nil)
        let during = try XCTUnwrap(record.reckoned(against: TimeLimit(30, .days), calendar: center, at: at("2026-10-08T16:00+08:00")))
        XCTAssertEqual(during.due, end("2026-10-08"))
        XCTAssertFalse(during.overdue, "a decision on the first working day after the holiday is in time")
        let after = try XCTUnwrap(record.reckoned(against: TimeLimit(30, .days), calendar: center, at: at("2026-10-09T09:00+08:00")))
        XCTAssertTrue(after.overdue)
    }

    /// Without a promise the case clock runs on the legal limit itself and
    /// does not roll forward: the legal reading follows it, so they agree.
    func testWithoutAPromiseTheLegalLimitIsTheCaseClock() throws {
        let record = ClockRecord(limit: TimeLimit(30, .days), warnBefore: nil, start: at("2026-09-03T10:00+08:00"), due: nil, warnAt: nil)
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(30, .days), calendar: center, at: at("2026-10-05T10:00+08:00"),
                                                  rollingForward: false))
        XCTAssertEqual(legal.due, end("2026-10-03"))
        XCTAssertEqual(legal.due, try record.legalClock(on: center).due)
        XCTAssertTrue(legal.overdue)
    }

    /// The case's own reading: a flow with a promise rolls its legal days
    /// forward; one without follows its case clock (`CaseState.legalLimit`),
    /// which rolls too from engine rules 9.
    func testTheCaseReadsItsLegalLimitByWhetherThereIsAPromise() throws {
        var machine = try EngineFixtures.machine(CommandTests.file)
        machine.limits = CaseLimits(legal: Limit(amount: 30, unit: .days), promised: Limit(amount: 10, unit: .workdays), warnBefore: nil)
        func accepted(_ m: Machine) throws -> CaseDriver {
            var d = try CaseDriver(machine: m)
            let fields: [String: FieldValue] = [
                "applicant-name": .string("某建设公司"), "project-name": .string("某大厦"),
                "contact-phone": .string("13800138000"), "major-project": .boolean(false), "by-agent": .boolean(false),
            ]
            d.run(.submit(fields: fields, materials: ["application", "designer-qualification", "drawings", "technical-evaluation"], channel: .window),
                  at: at("2026-09-03T09:30+08:00"))
            d.run(.decide(node: "accept", decision: "accept", actor: CaseDriver.officer("w1", "window"), comment: nil), at: at("2026-09-03T10:00+08:00"))
            return d
        }
        var d = try accepted(machine)
        XCTAssertEqual(d.state.legalLimit(machine, calendar: center, at: at("2026-10-05T10:00+08:00"))?.due, end("2026-10-08"))
        XCTAssertEqual(d.state.legalLimit(machine, calendar: center, at: at("2026-10-05T10:00+08:00"))?.overdue, false)

        machine.limits = CaseLimits(legal: Limit(amount: 30, unit: .days), promised: nil, warnBefore: Limit(amount: 2, unit: .days))
        d = try accepted(machine)
        let early = try XCTUnwrap(d.state.legalLimit(machine, calendar: center, at: at("2026-09-10T10:00+08:00")))
        XCTAssertEqual(early.warnAt, d.state.caseClock?.warnAt, "the case clock's own warning")
        XCTAssertNotNil(early.warnAt)
        XCTAssertEqual(d.state.caseClock?.due, end("2026-10-08"), "rules 9: the case clock rolls as the law's period")
        let legal = try XCTUnwrap(d.state.legalLimit(machine, calendar: center, at: at("2026-10-05T10:00+08:00")))
        XCTAssertEqual(legal.due, end("2026-10-08"), "the case clock itself: they agree")
        XCTAssertFalse(legal.overdue)
        XCTAssertEqual(legal.warnAt, d.state.caseClock?.warnAt)
        XCTAssertEqual(legal.warnAt, at("2026-10-07T00:00+08:00"), "2 days before the due it rolled to")
        XCTAssertNil(try CaseDriver(machine: machine).state.legalLimit(machine, calendar: center, at: at("2026-10-05T10:00+08:00")),
                     "not accepted: no clock, no legal limit")
    }

    /// An extension given after the legal limit ran out cannot revive it.
    func testAnExtensionAfterTheLegalLimitIsLeftOut() throws {
        var record = ClockRecord(limit: TimeLimit(10, .workdays), warnBefore: nil, start: at("2025-11-03T09:00+08:00"), due: nil, warnAt: nil)
        record.entries.append(.extended(at: at("2025-11-13T10:00+08:00"), by: 5, approver: "h1"))
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(5, .workdays), calendar: center, at: at("2025-11-14T10:00+08:00")))
        XCTAssertEqual(legal.due, end("2025-11-10"))
        XCTAssertEqual(legal.extended, 0)
        XCTAssertTrue(legal.overdue)
    }

    /// A finished case is judged at completion, never at a later instant.
    func testAFinishedCaseIsJudgedAtCompletion() throws {
        var record = ClockRecord(limit: TimeLimit(10, .workdays), warnBefore: nil, start: at("2025-11-03T09:00+08:00"), due: nil, warnAt: nil)
        record.entries.append(.completed(at: at("2025-11-28T16:00+08:00")))
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2026-06-01T09:00+08:00")))
        XCTAssertFalse(legal.overdue)
        XCTAssertNil(legal.due, "as the case clock: a clock completed in time keeps no due instant")
        record.entries[1] = .completed(at: at("2025-12-02T09:00+08:00"))
        let late = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2026-06-01T09:00+08:00")))
        XCTAssertTrue(late.overdue)
        XCTAssertEqual(late.due, end("2025-12-01"))
    }

    /// Past the calendar's data the due date is a weekends-only guess, and says so.
    func testPastTheCalendarsDataTheDueIsProvisional() throws {
        let record = ClockRecord(limit: TimeLimit(5, .workdays), warnBefore: nil, start: at("2026-12-21T09:00+08:00"), due: nil, warnAt: nil)
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(20, .workdays), calendar: center, at: at("2026-12-21T09:00+08:00")))
        XCTAssertTrue(legal.provisional)
        XCTAssertEqual(legal.due, end("2027-01-18"))
    }

    /// A legal limit in hours takes a working-day extension as that many
    /// office days of hours (7 a day here).
    func testAnHoursLegalLimitTakesAWorkdayExtensionInOfficeHours() throws {
        var record = ClockRecord(limit: TimeLimit(1, .workdays), warnBefore: nil, start: at("2025-11-03T09:00+08:00"), due: nil, warnAt: nil)
        record.entries.append(.extended(at: at("2025-11-03T09:30+08:00"), by: 1, approver: "h1"))
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(14, .hours), calendar: center, at: at("2025-11-03T10:00+08:00")))
        XCTAssertEqual(legal.limit, TimeLimit(14, .hours))
        XCTAssertEqual(legal.extended, 7)
        XCTAssertEqual(legal.due, at("2025-11-05T17:30+08:00"), "21 office hours from Monday 09:00")
    }

    /// Run out, then stopped: still past the limit, keeping the instant it ran out.
    func testRunOutThenStoppedStaysPastTheLimit() throws {
        var record = ClockRecord(limit: TimeLimit(10, .workdays), warnBefore: nil, start: at("2025-11-03T09:00+08:00"), due: nil, warnAt: nil)
        // 5 working days from Monday 11/3 end with Monday 11/10.
        record.entries.append(.paused(at: at("2025-11-11T10:00+08:00"), reason: "检测"))
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(5, .workdays), calendar: center, at: at("2025-12-01T09:00+08:00")))
        XCTAssertTrue(legal.overdue)
        XCTAssertEqual(legal.due, end("2025-11-10"))
    }

    /// Read in January, a due date in December rests on published data: not provisional.
    func testReadingPastTheCalendarsDataDoesNotMakeAKnownDueProvisional() throws {
        let record = ClockRecord(limit: TimeLimit(5, .workdays), warnBefore: nil, start: at("2026-12-01T09:00+08:00"), due: nil, warnAt: nil)
        let legal = try XCTUnwrap(record.reckoned(against: TimeLimit(10, .workdays), calendar: center, at: at("2027-01-05T09:00+08:00")))
        XCTAssertEqual(legal.due, end("2026-12-15"))
        XCTAssertTrue(legal.overdue)
        XCTAssertFalse(legal.provisional)
    }

    func testUnitConversionsByOfficeHours() {
        // citizen-center: 09:00-12:00 13:30-17:30, 7 hours a day.
        XCTAssertEqual(ClockRecord.converted(2, from: .workdays, to: .hours, center), 14)
        XCTAssertEqual(ClockRecord.converted(9, from: .hours, to: .workdays, center), 1, "rounded down: never more than approved")
        XCTAssertEqual(ClockRecord.converted(14, from: .hours, to: .workdays, center), 2)
        XCTAssertEqual(ClockRecord.converted(10, from: .workdays, to: .days, center), 10)
        XCTAssertEqual(ClockRecord.converted(3, from: .days, to: .days, center), 3)
    }
}
