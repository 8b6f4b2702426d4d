import ShenpiCalendar
import XCTest

/// example-center: 09:00–12:00 and 13:30–17:30, seven working hours a day.
final class WorkingHoursTests: XCTestCase {
    let center = Fixtures.center

    func testHoursRunInsideOfficeHoursOnly() throws {
        XCTAssertEqual(try center.addingWorkingHours(2, to: t("2025-09-26T10:00")).value, t("2025-09-26T12:00"))
        // Across the lunch break.
        XCTAssertEqual(try center.addingWorkingHours(3, to: t("2025-09-26T10:00")).value, t("2025-09-26T14:30"))
        // Across the weekend to Sunday 9/28, a working day.
        XCTAssertEqual(try center.addingWorkingHours(10, to: t("2025-09-26T10:00")).value, t("2025-09-28T14:30"))
        // Across the National Day holiday.
        XCTAssertEqual(try center.addingWorkingHours(4, to: t("2025-09-30T15:00")).value, t("2025-10-09T10:30"))
    }

    func testStartOutsideOfficeHours() throws {
        XCTAssertEqual(try center.addingWorkingHours(1, to: t("2025-09-26T07:00")).value, t("2025-09-26T10:00"))
        XCTAssertEqual(try center.addingWorkingHours(1, to: t("2025-09-26T12:45")).value, t("2025-09-26T14:30"))
        XCTAssertEqual(try center.addingWorkingHours(1, to: t("2025-09-26T20:00")).value, t("2025-09-28T10:00"))
        XCTAssertEqual(try center.addingWorkingHours(1, to: t("2025-10-03")).value, t("2025-10-09T10:00"))
    }

    func testALimitEndsWithItsLastWorkedMinute() throws {
        // Seven hours from opening end at closing time, not at the next opening.
        XCTAssertEqual(try center.addingWorkingHours(7, to: t("2025-09-26T09:00")).value, t("2025-09-26T17:30"))
        XCTAssertEqual(try center.addingWorkingHours(3, to: t("2025-09-26T09:00")).value, t("2025-09-26T12:00"))
        XCTAssertEqual(try center.addingWorkingHours(0, to: t("2025-09-26T20:00")).value, t("2025-09-26T20:00"))
    }

    func testMeasuringWorkingTime() throws {
        XCTAssertEqual(try center.workingSeconds(from: t("2025-09-26T10:00"), to: t("2025-09-28T14:30")).value, 10 * 3600)
        XCTAssertEqual(try center.workingSeconds(from: t("2025-09-27T10:00"), to: t("2025-09-27T16:00")).value, 0)
        XCTAssertEqual(center.officeHours?.minutesPerDay, 420)
        XCTAssertEqual(center.officeHours?.description, "09:00-12:00 13:30-17:30")
    }

    func testHoursNeedOfficeHours() {
        XCTAssertThrowsError(try Fixtures.cn.addingWorkingHours(1, to: t("2025-09-26T10:00"))) { error in
            XCTAssertEqual(error as? CalendarError, .noOfficeHours(calendar: "cn"))
        }
        XCTAssertThrowsError(try center.addingWorkingHours(-1, to: t("2025-09-26T10:00")))
    }
}
