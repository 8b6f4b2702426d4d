import ShenpiCalendar
import XCTest

final class LegalClockTests: XCTestCase {
    let cn = Fixtures.cn

    func clock(_ amount: Int, _ unit: TimeUnit = .workdays, from start: String, on cal: WorkingCalendar? = nil,
               warning: WarningPolicy = .share(0.8)) throws -> LegalClock {
        try LegalClock(limit: TimeLimit(amount, unit), startingAt: t(start), calendar: cal ?? cn, warning: warning)
    }

    func testWorkedExampleDueInstant() throws {
        let c = try clock(10, from: "2025-09-26T10:00")
        // Due at the end of 2025-10-16, i.e. Beijing midnight starting 10/17.
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-16")))
        let r = try c.reading(at: t("2025-10-16T17:00"))
        XCTAssertEqual(r.elapsed.value, 10)
        XCTAssertEqual(r.remaining.value, 0)
        XCTAssertNotEqual(r.level, .overdue)
        XCTAssertEqual(try c.reading(at: t("2025-10-17T00:00")).level, .overdue)
    }

    /// 民法典 Art. 203: a period in calendar days whose last day is a day off
    /// ends with the next working day (调休 days count as working); a paused
    /// segment inside the added days has not lapsed and, resumed, ends with
    /// the day it resumed. Working-day limits never move.
    func testRollingForwardAPeriodEndingOnADayOff() throws {
        let plain = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-03T10:00"), calendar: cn)
        XCTAssertEqual(plain.due, Instant.endOfDay(d("2026-10-03")))
        var rolled = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-03T10:00"), calendar: cn, rollingForward: true)
        XCTAssertTrue(rolled.rollsForward)
        XCTAssertEqual(rolled.due, Instant.endOfDay(d("2026-10-08")), "National Day 10/1–7 is off")
        XCTAssertNotEqual(try rolled.reading(at: t("2026-10-08T17:00")).level, .overdue)
        XCTAssertEqual(try rolled.reading(at: t("2026-10-09T00:00")).level, .overdue)
        let saturday = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-08-20T10:00"), calendar: cn, rollingForward: true)
        XCTAssertEqual(saturday.due, Instant.endOfDay(d("2026-09-20")), "Saturday 9/19 off, Sunday 9/20 worked (调休)")
        let working = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-07T10:00"), calendar: cn, rollingForward: true)
        XCTAssertEqual(working.due, Instant.endOfDay(d("2026-10-08")), "10/07 off: 10/08")
        let tuesday = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-10-14T10:00"), calendar: cn, rollingForward: true)
        XCTAssertEqual(tuesday.due, Instant.endOfDay(d("2026-11-13")), "a working day stays")

        try rolled.pause(at: t("2026-10-05T10:00"), reason: .hearing)
        XCTAssertNotEqual(try rolled.reading(at: t("2026-10-05T10:00")).level, .overdue, "inside the added days: not lapsed")
        try rolled.resume(at: t("2026-10-20T09:00"))
        XCTAssertEqual(rolled.due, Instant.endOfDay(d("2026-10-20")))
        XCTAssertEqual(try rolled.reading(at: t("2026-10-21T09:00")).level, .overdue)

        let workdays = try LegalClock(limit: TimeLimit(10, .workdays), startingAt: t("2025-09-26T10:00"), calendar: cn, rollingForward: true)
        XCTAssertFalse(workdays.rollsForward)
        XCTAssertEqual(workdays.due, Instant.endOfDay(d("2025-10-16")))
    }

    /// A rolled clock turns yellow `n` days before the due it rolled to, not
    /// before the day it rolled from (which would make it yellow through
    /// most of the holiday, and the engine's warning timer fire a week early).
    func testARolledClockWarnsBeforeTheDueItRolledTo() throws {
        let rolled = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-03T10:00"), calendar: cn, warning: .before(2),
                                    rollingForward: true)
        XCTAssertEqual(try rolled.reading(at: t("2026-10-06T23:59")).level, .normal)
        XCTAssertEqual(try rolled.reading(at: t("2026-10-06T23:59")).warningFrom, Instant.startOfDay(d("2026-10-07")))
        XCTAssertEqual(try rolled.reading(at: t("2026-10-07T00:00")).level, .warning)
        let plain = try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-03T10:00"), calendar: cn, warning: .before(2))
        XCTAssertEqual(try plain.reading(at: t("2026-10-02T00:00")).level, .warning, "unrolled: the last 2 days before 10/3")
        XCTAssertEqual(try plain.reading(at: t("2026-10-01T23:59")).level, .normal)
    }

    /// A rolled clock stopped (completed, paused) keeps the colour it had
    /// when it stopped, judged against the due it had then, as a clock that
    /// does not roll keeps its elapsed count.
    func testAStoppedRolledClockKeepsItsColour() throws {
        func rolled() throws -> LegalClock {
            try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-03T10:00"), calendar: cn, warning: .before(2), rollingForward: true)
        }
        var done = try rolled()
        try done.complete(at: t("2026-10-02T10:00"))
        XCTAssertEqual(try done.reading(at: t("2026-12-01T10:00")).level, .normal, "finished in the green: the due was 10/8")
        var paused = try rolled()
        try paused.pause(at: t("2026-10-02T10:00"), reason: .hearing)
        XCTAssertEqual(try paused.reading(at: t("2026-10-07T10:00")).level, .normal, "stopped green stays green")
        try paused.resume(at: t("2026-10-05T10:00"))
        XCTAssertEqual(paused.due, Instant.endOfDay(d("2026-10-08")), "1 day left from the 5th: 10/6, a holiday, rolled to 10/8")
        var late = try rolled()
        try late.pause(at: t("2026-10-07T10:00"), reason: .hearing)
        XCTAssertEqual(try late.reading(at: t("2026-10-20T10:00")).level, .warning, "stopped yellow stays yellow")
    }

    /// Art. 42 on a rolled period: the extension counts from the day the
    /// period ended as it rolled (8 October), not from the holiday it rolled
    /// from (3 October), which would have taken it up (`extendingFromRolledEnd`).
    func testAnExtensionCountsFromTheRolledEnd() throws {
        func clock(_ fromRolledEnd: Bool) throws -> LegalClock {
            try LegalClock(limit: TimeLimit(30, .days), startingAt: t("2026-09-03T10:00"), calendar: cn, rollingForward: true,
                           extendingFromRolledEnd: fromRolledEnd)
        }
        var absorbed = try clock(false)
        try absorbed.extend(by: 5, approvedBy: "h1", at: t("2026-09-20T10:00"))
        XCTAssertEqual(absorbed.due, Instant.endOfDay(d("2026-10-08")), "35 days end with 10/8: the holiday took the extension up")
        var extended = try clock(true)
        try extended.extend(by: 5, approvedBy: "h1", at: t("2026-09-20T10:00"))
        XCTAssertEqual(extended.due, Instant.endOfDay(d("2026-10-13")), "10/8 and 5 days")
        XCTAssertEqual(extended.totalLimit, TimeLimit(35, .days), "the extension is 5 days; the holiday's are not an extension")
        // Stopped in the days the holiday added (10/5: 32 days counted), extended, resumed on 10/12:
        // the 3 days left of the rolled period (10/6–10/8) and the 5 of the extension.
        var paused = try clock(true)
        try paused.pause(at: t("2026-10-05T10:00"), reason: .hearing)
        try paused.extend(by: 5, approvedBy: "h1", at: t("2026-10-06T10:00"))
        try paused.resume(at: t("2026-10-12T09:00"))
        XCTAssertEqual(paused.due, Instant.endOfDay(d("2026-10-20")))
    }

    /// Pitfall: a pause across the National Day holiday must move the due
    /// date by the working days it held, not by calendar days.
    func testPauseAcrossAHolidayWeek() throws {
        var c = try clock(10, from: "2025-09-22T10:00")
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-11")))
        try c.pause(at: t("2025-09-29T15:00"), reason: .expertReview)
        XCTAssertNil(c.due, "unknown until the clock resumes")
        let paused = try c.reading(at: t("2025-10-05T12:00"))
        XCTAssertEqual(paused.state, .paused(.expertReview))
        XCTAssertEqual(paused.elapsed.value, 6)  // 9/23–9/26, Sunday 9/28, 9/29
        XCTAssertEqual(try c.projectedDue(resumingAt: t("2025-10-13T09:00")), Instant.endOfDay(d("2025-10-17")))
        try c.resume(at: t("2025-10-13T09:00"))
        // 4 working days left, counted after the resume day: 10/14–10/17.
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-17")))
        XCTAssertEqual(try c.reading(at: t("2025-10-13T12:00")).elapsed.value, 6)
        XCTAssertEqual(try c.reading(at: t("2025-10-14T12:00")).elapsed.value, 7)
    }

    /// Pitfall: after resuming, an adjusted working day (Saturday 10/11) counts.
    func testResumeBeforeAnAdjustedWorkingDay() throws {
        var c = try clock(5, from: "2025-09-30T10:00")
        try c.pause(at: t("2025-10-09T14:00"), reason: .testing)  // 10/9 counted: 1
        try c.resume(at: t("2025-10-10T09:00"))
        // 10/11 (Saturday, worked), 10/13, 10/14, 10/15.
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-15")))
    }

    /// Pitfall: resuming on an adjusted working day; that day is the new start day.
    func testResumeOnAnAdjustedWorkingDay() throws {
        var c = try clock(5, from: "2025-09-24T09:00")
        try c.pause(at: t("2025-09-25T10:00"), reason: .supplement)  // 9/25 counted: 1
        try c.resume(at: t("2025-09-28T09:00"))  // Sunday, worked
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-10")))  // 9/29, 9/30, 10/9, 10/10
    }

    /// Pitfall: an extension granted during a pause lengthens the rest.
    func testExtensionAfterAPause() throws {
        var c = try clock(10, from: "2025-09-22T10:00")
        try c.pause(at: t("2025-09-29T15:00"), reason: .hearing)
        try c.extend(by: 5, approvedBy: "局长 王某", at: t("2025-10-09T10:00"), reason: "情况复杂")
        try c.resume(at: t("2025-10-13T09:00"))
        XCTAssertEqual(c.totalLimit, TimeLimit(15, .workdays))
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-24")))
        // And one granted while running moves the due instant at once.
        try c.extend(by: 2, approvedBy: "局长 王某", at: t("2025-10-20T10:00"))
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-28")))
        XCTAssert(c.history.contains(.extended(at: t("2025-10-09T10:00"), by: 5, approver: "局长 王某", reason: "情况复杂")))
        XCTAssertEqual(try c.reading(at: t("2025-10-28T09:00")).limit.value, 17)
    }

    /// Pitfall: a finished case is judged at its completion, never at "now".
    func testCompletionJudgedAtItsInstant() throws {
        var early = try clock(10, from: "2025-09-26T10:00")
        try early.complete(at: t("2025-10-13T16:00"))
        let late = try early.reading(at: t("2026-03-01T09:00"))
        XCTAssertEqual(late.level, .normal)
        XCTAssertEqual(late.state, .completed)
        XCTAssertEqual(late.judgedAt, t("2025-10-13T16:00"))
        XCTAssertEqual(late.elapsed.value, 7)

        var lastDay = try clock(10, from: "2025-09-26T10:00")
        try lastDay.complete(at: t("2025-10-16T23:59:59"))
        XCTAssertEqual(try lastDay.reading(at: t("2026-03-01T09:00")).level, .warning)

        var overdue = try clock(10, from: "2025-09-26T10:00")
        try overdue.complete(at: t("2025-10-17T09:00"))
        XCTAssertEqual(try overdue.reading(at: t("2026-03-01T09:00")).level, .overdue)
        XCTAssertEqual(try overdue.reading(at: t("2025-10-17T09:00")).level, .overdue)
    }

    func testWarningLevels() throws {
        let c = try clock(10, from: "2025-09-26T10:00")
        // Counted days: 9/28, 9/29, 9/30, 10/9, 10/10, 10/11, 10/13, 10/14 (the 8th), 10/15, 10/16.
        // 80 % elapsed at the end of the 8th: yellow for the last two.
        XCTAssertEqual(try c.reading(at: t("2025-10-14T23:59")).level, .normal)
        let yellow = try c.reading(at: t("2025-10-15T00:00"))
        XCTAssertEqual(yellow.level, .warning)
        XCTAssertEqual(yellow.warningFrom, Instant.startOfDay(d("2025-10-15")))
        XCTAssertEqual(yellow.remaining.value, 1, "the 9th day counts once begun")
        // One workday before the limit: yellow for the last working day only.
        let before = try clock(10, from: "2025-09-26T10:00", warning: .before(1))
        XCTAssertEqual(try before.reading(at: t("2025-10-15T12:00")).level, .normal)
        XCTAssertEqual(try before.reading(at: t("2025-10-16T00:00")).level, .warning)
        let never = try clock(10, from: "2025-09-26T10:00", warning: .never)
        XCTAssertEqual(try never.reading(at: t("2025-10-16T12:00")).level, .normal)
        XCTAssertEqual(try never.reading(at: t("2025-10-20T12:00")).level, .overdue)
        XCTAssertEqual(try c.reading(at: t("2025-10-20T12:00")).remaining.value, -2)
    }

    func testPausingAnOverdueClockKeepsItRed() throws {
        var c = try clock(1, from: "2025-09-26T10:00")
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-09-28")))
        try c.pause(at: t("2025-09-29T10:00"), reason: .appraisal)
        XCTAssertEqual(try c.reading(at: t("2025-09-30T10:00")).level, .overdue)
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-09-28")))
        XCTAssertThrowsError(try c.extend(by: 3, approvedBy: "x", at: t("2025-09-30T10:00"))) { error in
            XCTAssertEqual(error as? ClockError, .extensionAfterDue(at: t("2025-09-30T10:00"), due: Instant.endOfDay(d("2025-09-28"))))
        }
        try c.resume(at: t("2025-10-09T10:00"))
        XCTAssertEqual(try c.reading(at: t("2025-10-09T11:00")).level, .overdue)
    }

    func testHoursClock() throws {
        var c = try clock(4, .hours, from: "2025-09-30T16:00", on: Fixtures.center)
        XCTAssertEqual(c.due, t("2025-10-09T11:30"))
        try c.pause(at: t("2025-10-09T10:00"), reason: .testing)
        XCTAssertEqual(try c.reading(at: t("2025-10-09T10:00")).elapsed.value, 9000)  // 2h 30m
        try c.resume(at: t("2025-10-10T14:00"))
        XCTAssertEqual(c.due, t("2025-10-10T15:30"))
        XCTAssertEqual(try c.reading(at: t("2025-10-10T15:30")).level, .overdue)
        XCTAssertEqual(try c.reading(at: t("2025-10-10T15:00")).remaining.description, "0h 30m working")
        XCTAssertThrowsError(try clock(4, .hours, from: "2025-09-30T16:00"))
    }

    func testCalendarDaysClock() throws {
        var c = try clock(7, .days, from: "2025-09-26T10:00")
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-03")))
        try c.pause(at: t("2025-09-28T10:00"), reason: .supplement)
        try c.resume(at: t("2025-09-30T09:00"))
        XCTAssertEqual(c.due, Instant.endOfDay(d("2025-10-05")))
    }

    func testPastCoverageRefusedOrProvisional() throws {
        XCTAssertThrowsError(try clock(10, from: "2026-12-20T10:00")) { error in
            guard case .calendar(.outOfCoverage) = error as? ClockError else { return XCTFail("\(error)") }
        }
        let guess = try LegalClock(limit: TimeLimit(10, .workdays), startingAt: t("2026-12-20T10:00"), calendar: cn, beyond: .guessWeekendsOnly)
        XCTAssertTrue(guess.isProvisional)
        XCTAssertTrue(try guess.reading(at: t("2026-12-21T10:00")).isProvisional)
    }

    func testReadingAnEarlierInstantReplaysTheHistory() throws {
        var c = try clock(10, from: "2025-09-22T10:00")
        try c.pause(at: t("2025-09-29T15:00"), reason: .expertReview)
        try c.resume(at: t("2025-10-13T09:00"))
        try c.complete(at: t("2025-10-15T10:00"))
        let past = try c.reading(at: t("2025-10-01T10:00"))
        XCTAssertEqual(past.state, .paused(.expertReview))
        XCTAssertEqual(past.elapsed.value, 6)
        XCTAssertEqual(try c.reading(at: t("2025-09-29T12:00")).due, Instant.endOfDay(d("2025-10-11")))
        XCTAssertThrowsError(try c.reading(at: t("2025-09-21T10:00")))
    }

    func testInvalidOperations() throws {
        var c = try clock(10, from: "2025-09-22T10:00")
        XCTAssertThrowsError(try c.resume(at: t("2025-09-23T10:00")))
        try c.pause(at: t("2025-09-23T10:00"), reason: "现场核查")
        XCTAssertThrowsError(try c.pause(at: t("2025-09-24T10:00"), reason: .hearing))
        XCTAssertThrowsError(try c.resume(at: t("2025-09-22T12:00")))  // before the last event
        try c.complete(at: t("2025-09-24T10:00"))
        XCTAssertThrowsError(try c.extend(by: 1, approvedBy: "x", at: t("2025-09-25T10:00")))
        XCTAssertEqual(c.history.map(\.instant), [t("2025-09-22T10:00"), t("2025-09-23T10:00"), t("2025-09-24T10:00")])
    }

    func testAZeroLengthPauseChangesNothing() throws {
        var c = try clock(10, from: "2025-09-22T10:00")
        let due = c.due
        try c.pause(at: t("2025-09-25T10:00"), reason: .supplement)
        try c.resume(at: t("2025-09-25T16:00"))
        XCTAssertEqual(c.due, due)
    }
}
