import Foundation
import ShenpiCalendar
import XCTest

/// A calendar read again may add days (next year's notice) but not change
/// one already covered: cases were counted on them.
final class CalendarReplacementTests: XCTestCase {
    let y2025 = """
        calendar demo
        covers   2025-01-01 2025-12-31
        year 2025 Demo notice (no. 1)
        off  2025-10-01..2025-10-03 National Day
        """
    /// The same, with a test year added (not a real notice).
    var y2026: String {
        y2025.replacingOccurrences(of: "2025-12-31", with: "2026-12-31") + """

            year 2026 Demo notice (no. 2, test data)
            off  2026-01-01 New Year
            """
    }

    func calendar(_ text: String) throws -> WorkingCalendar {
        try CalendarRegistry(files: [(name: "demo.cal", text: text)]).calendar("demo")
    }

    func testAddingAYearIsTakenAndChangingACoveredDayIsNot() throws {
        let old = try calendar(y2025)
        XCTAssertNil(try calendar(y2025).problem(replacing: old))
        XCTAssertNil(try calendar(y2026).problem(replacing: old))
        XCTAssertEqual(try calendar(y2025).problem(replacing: calendar(y2026)),
                       "calendar demo would cover 2025-01-01 to 2025-12-31, not all of the 2025-01-01 to 2026-12-31 it covers now")
        let moved = y2025.replacingOccurrences(of: "2025-10-01..2025-10-03", with: "2025-10-01..2025-10-02")
        XCTAssertEqual(try calendar(moved).problem(replacing: old),
                       "calendar demo would make 2025-10-03 a working day; it is a day off now")
        // Several days: three named in date order, the rest counted.
        let two = y2025.replacingOccurrences(of: "2025-10-01..2025-10-03", with: "2025-10-01")
        XCTAssertEqual(try calendar(two).problem(replacing: old),
                       "calendar demo would make 2025-10-02 a working day (a day off now) and 2025-10-03 a working day (a day off now)")
        let five = y2025.replacingOccurrences(of: "off  2025-10-01..2025-10-03", with: "off  2025-05-05..2025-05-06")
        XCTAssertEqual(try calendar(five).problem(replacing: old),
                       "calendar demo would make 2025-05-05 a day off (a working day now), 2025-05-06 a day off (a working day now) "
                       + "and 2025-10-01 a working day (a day off now), and change 2 more days")
        XCTAssertEqual(try calendar(five).replacementProblem(replacing: old)?.change, .days([d("2025-05-05"), d("2025-05-06")] + dates("2025-10-01", "2025-10-03")))
        let hours = y2025.replacingOccurrences(of: "covers", with: "hours    09:00-17:00\ncovers")
        XCTAssertEqual(try calendar(hours).problem(replacing: old),
                       "calendar demo would change its office hours from none to 09:00-17:00")
        let weekend = y2025.replacingOccurrences(of: "covers", with: "weekend  fri sat\ncovers")
        XCTAssertEqual(try calendar(weekend).problem(replacing: old), "calendar demo would change its weekend days")
    }

    /// The year-end path without a release: a copy of the bundled `cn` with
    /// a year added, in a catalog's calendars folder, takes its place, and
    /// the local calendars on `cn` reach the new year with it.
    func testALocalCopyOfABundledCalendarMayOnlyAddDays() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bundled = CalendarRegistry.standard
        let end = try bundled.calendar("cn").coverage.upperBound
        let next = end.adding(days: 1)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
        let extended = text.replacingOccurrences(of: "\(end)", with: "\(next.adding(days: 364))")
            + "\nyear \(next.year) 测试数据，并非国务院办公厅通知\noff  \(next) 元旦\n"
        try extended.write(toFile: dir + "/cn.cal", atomically: true, encoding: .utf8)
        try "calendar hall\nbase cn\nhours 09:00-17:00\n".write(toFile: dir + "/hall.cal", atomically: true, encoding: .utf8)

        let registry = try CalendarRegistry.loading(directory: dir, over: bundled)
        XCTAssertEqual(try registry.calendar("cn").coverage.upperBound, next.adding(days: 364))
        XCTAssertEqual(try registry.calendar("hall").coverage.upperBound, next.adding(days: 364))
        XCTAssertFalse(try registry.calendar("cn").isWorkingDay(next).value)
        XCTAssertNil(try registry.calendar("cn").problem(replacing: bundled.calendar("cn")))
        XCTAssertThrowsError(try bundled.calendar("cn").isWorkingDay(next))

        // A copy that changes a covered day is refused, naming the file.
        let changed = extended.replacingOccurrences(of: "off  2026-10-01..2026-10-07", with: "off  2026-10-01..2026-10-06")
        XCTAssertNotEqual(changed, extended, "the 2026 National Day line is in the bundled data")
        try changed.write(toFile: dir + "/cn.cal", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CalendarRegistry.loading(directory: dir, over: bundled)) { error in
            let e = error as? CalendarDataError
            XCTAssertEqual(e?.file, "cn.cal", "\(error)")
            XCTAssertEqual(e?.line, 13, "no entry lists 2026-10-07 any more: the covers line")
            XCTAssertEqual(e?.message, "calendar cn would make 2026-10-07 a working day; it is a day off now (the bundled calendar); "
                + "a local copy of it may only add days, such as next year's notice")
        }
    }
}
