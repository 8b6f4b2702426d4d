import Foundation
import ShenpiCalendar
import XCTest

/// Lines of a calendar file are broken as an editor breaks them (`\n`,
/// `\r\n`, `\r`), so a copy saved on Windows loads and every error names
/// the line the editor shows. Found by `fuzz/lint/run 600 cal`.
final class CalendarLineEndTests: XCTestCase {
    func parseError(_ text: String) -> CalendarDataError? { CalendarDateTypoTests.parseError(text) }

    /// The fuzzer's minimised input: a lone `\r` before the first line. The
    /// typo was named on line 3 at column 10, a line the editor shows empty.
    func testALoneCarriageReturnStartsALine() throws {
        let e = try XCTUnwrap(parseError("\rcalendar n\n\ncovers 1 2027-1-1"))
        XCTAssertEqual(e.line, 4)
        XCTAssertEqual(e.column, 10)
        XCTAssertEqual(e.message, "2027-1-1 is not an ISO date (YYYY-MM-DD)")
    }

    /// Windows line ends: the file was one line ("expected 'calendar ID'").
    func testWindowsLineEndsParseAsUnixOnes() throws {
        let text = "calendar demo\ncovers 2027-01-01 2027-12-31\nyear 2027 Demo notice\noff  2027-10-01..2027-10-07 国庆节\nwork 2027-10-09 调休\n"
        let unix = try CalendarDefinition.parse(text, file: "x.cal")
        let windows = try CalendarDefinition.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), file: "x.cal")
        XCTAssertEqual(windows, unix)
        XCTAssertEqual(windows.entries.map(\.line), [4, 5])
        let e = try XCTUnwrap(parseError("calendar demo\r\ncovers 2027-01-01 2027-12-31\r\nyear 2027 x\r\noff 2027-06-31 y\r\n"))
        XCTAssertEqual(e.line, 4)
        XCTAssertEqual(e.column, 5)
    }

    /// A copy of the bundled `cn` saved with Windows line ends replaces it.
    func testAWindowsCopyOfTheBundledCalendarLoads() throws {
        let cn = try CalendarCopyLineTests.bundled("cn.cal").replacingOccurrences(of: "\n", with: "\r\n")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try cn.write(toFile: dir + "/cn.cal", atomically: true, encoding: .utf8)
        let registry = try CalendarRegistry.loading(directory: dir, over: .standard)
        XCTAssertNil(try registry.calendar("cn").problem(replacing: CalendarRegistry.standard.calendar("cn")))
    }
}
