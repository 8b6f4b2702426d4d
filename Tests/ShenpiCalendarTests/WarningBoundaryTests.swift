import ShenpiCalendar
import XCTest

/// `warn-before: 1 workday` on a 5-workday limit: yellow for the last working day only.
final class WarningBoundaryTests: XCTestCase {
    func testOneWorkdayBeforeTheLimitIsTheLastWorkingDay() throws {
        let cn = try CalendarRegistry.standard.calendar("cn")
        // Accepted Wednesday 2025-09-24 10:00; working days after it: 9/25, 9/26, 9/28 (调休), 9/29, 9/30.
        let clock = try LegalClock(limit: TimeLimit(5, .workdays), startingAt: Instant(iso: "2025-09-24T10:00:00+08:00")!,
                                   calendar: cn, warning: .before(1))
        XCTAssertEqual(clock.due, Instant(iso: "2025-10-01T00:00:00+08:00"))
        let reading = try clock.reading(at: Instant(iso: "2025-09-26T12:00:00+08:00")!)
        XCTAssertEqual(reading.warningFrom, Instant(iso: "2025-09-30T00:00:00+08:00"))
    }
}
