import ShenpiCalendar
import XCTest

final class WorkdayArithmeticTests: XCTestCase {
    let cn = Fixtures.cn

    /// DOMAIN.md's worked example: accepted 2025-09-26 with 10 working days.
    func testWorkedExample() throws {
        let due = try cn.addingWorkdays(10, to: d("2025-09-26"))
        XCTAssertEqual(due.value, d("2025-10-16"))
        XCTAssertFalse(due.isProvisional)
        XCTAssertEqual(try cn.workdays(from: d("2025-09-26"), to: d("2025-10-16")).value, 10)
        // A Monday-to-Friday count would say 2025-10-10, which is wrong.
        XCTAssertNotEqual(due.value, d("2025-10-10"))
    }

    /// The fewest calendar days n working days take on the data: a 调休
    /// Saturday worked makes 12 workdays fit in 14 days, not the 16 of a
    /// Monday-to-Friday fortnight and a half.
    func testShortestSpanOfWorkdays() throws {
        XCTAssertEqual(cn.shortestSpan(ofWorkdays: 1), 1)
        XCTAssertEqual(cn.shortestSpan(ofWorkdays: 5), 5)
        XCTAssertEqual(cn.shortestSpan(ofWorkdays: 12), 14)
        XCTAssertNil(cn.shortestSpan(ofWorkdays: 0))
        // Against the weekly pattern: never longer than it.
        XCTAssertLessThanOrEqual(try XCTUnwrap(cn.shortestSpan(ofWorkdays: 10)), 12)
    }

    func testStartDayDoesNotCount() throws {
        XCTAssertEqual(try cn.addingWorkdays(1, to: d("2025-09-22")).value, d("2025-09-23"))
        // From a day off: the first working day after it.
        XCTAssertEqual(try cn.addingWorkdays(1, to: d("2025-10-04")).value, d("2025-10-09"))
        XCTAssertEqual(try cn.addingWorkdays(0, to: d("2025-10-04")).value, d("2025-10-04"))
    }

    func testAdjustedWorkingDaysCount() throws {
        // Friday 9/26 + 1 → Sunday 9/28, worked for National Day.
        XCTAssertEqual(try cn.addingWorkdays(1, to: d("2025-09-26")).value, d("2025-09-28"))
        // Friday 10/10 + 1 → Saturday 10/11, worked.
        XCTAssertEqual(try cn.addingWorkdays(1, to: d("2025-10-10")).value, d("2025-10-11"))
    }

    func testSpringFestival2026() throws {
        // Friday 2/13 + 1 → Saturday 2/14 worked; + 2 → 2/24 after the nine days off.
        XCTAssertEqual(try cn.addingWorkdays(1, to: d("2026-02-13")).value, d("2026-02-14"))
        XCTAssertEqual(try cn.addingWorkdays(2, to: d("2026-02-13")).value, d("2026-02-24"))
        XCTAssertEqual(try cn.workdays(from: d("2026-02-14"), to: d("2026-02-23")).value, 0)
    }

    func testCountingBack() throws {
        XCTAssertEqual(try cn.addingWorkdays(-1, to: d("2025-10-09")).value, d("2025-09-30"))
        XCTAssertEqual(try cn.addingWorkdays(-10, to: d("2025-10-16")).value, d("2025-09-26"))
        XCTAssertEqual(try cn.workdays(from: d("2025-10-16"), to: d("2025-09-26")).value, -10)
    }

    func testCalendarDays() throws {
        XCTAssertEqual(try cn.addingDays(10, to: d("2025-09-26")).value, d("2025-10-06"))
        // Rolled forward past the National Day holiday (民法典 Art. 203).
        XCTAssertEqual(try cn.addingDays(10, to: d("2025-09-26"), rollingOffDaysForward: true).value, d("2025-10-09"))
        XCTAssertEqual(try cn.addingDays(1, to: d("2025-09-26"), rollingOffDaysForward: true).value, d("2025-09-28"))
        // Plain calendar days need no holiday data.
        XCTAssertEqual(try cn.addingDays(10, to: d("2030-01-01")).value, d("2030-01-11"))
    }

    func testPastTheCoveredRangeIsRefused() {
        XCTAssertThrowsError(try cn.addingWorkdays(10, to: d("2026-12-24"))) { error in
            XCTAssertEqual(error as? CalendarError,
                           .outOfCoverage(d("2027-01-01"), calendar: "cn", coverage: d("2015-01-01")...d("2026-12-31")))
        }
        XCTAssertThrowsError(try cn.isWorkingDay(d("2027-01-04")))
        XCTAssertThrowsError(try cn.workdays(from: d("2014-12-31"), to: d("2015-01-05")))
        XCTAssertThrowsError(try cn.kind(of: d("2027-01-01")))
    }

    func testPastTheCoveredRangeMayBeGuessedProvisionally() throws {
        let guess = try cn.addingWorkdays(10, to: d("2026-12-24"), beyond: .guessWeekendsOnly)
        // 12/25, 28, 29, 30, 31 covered; then 2027-01-01 (a Friday, guessed working), 4, 5, 6, 7.
        XCTAssertEqual(guess.value, d("2027-01-07"))
        XCTAssertTrue(guess.isProvisional)
        let inside = try cn.addingWorkdays(10, to: d("2025-09-26"), beyond: .guessWeekendsOnly)
        XCTAssertFalse(inside.isProvisional)
        let before = try cn.addingWorkdays(-3, to: d("2015-01-05"), beyond: .guessWeekendsOnly)
        XCTAssertEqual(before.value, d("2014-12-30"))
        XCTAssertTrue(before.isProvisional)
        XCTAssertEqual(try cn.workdays(from: d("2026-12-31"), to: d("2027-12-31"), beyond: .guessWeekendsOnly).value, 261)
    }

    func testLocalLayerAddsClosureAndWeekendService() throws {
        let center = Fixtures.center
        XCTAssertEqual(center.baseID, "cn")
        XCTAssertEqual(try center.kind(of: d("2025-12-31")), .dayOff("系统迁移闭厅（示例）"))
        XCTAssertEqual(try center.kind(of: d("2025-12-27")), .adjustedWorkday("周六延时服务（示例）"))
        XCTAssertEqual(try Fixtures.cn.kind(of: d("2025-12-27")), .weekend)
        // The base's holidays hold in the layer.
        XCTAssertEqual(try center.addingWorkdays(10, to: d("2025-09-26")).value, d("2025-10-16"))
        XCTAssertEqual(try center.workdays(inYear: 2025).value, 248)
        XCTAssertEqual(try center.addingWorkdays(1, to: d("2025-12-30")).value, d("2026-01-04"))
        XCTAssertEqual(try Fixtures.cn.addingWorkdays(1, to: d("2025-12-30")).value, d("2025-12-31"))
    }
}
