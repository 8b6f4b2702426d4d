import ShenpiCalendar
import XCTest

/// A date mistyped while copying a notice is named, at its column; other
/// text keeps the line's expected form.
final class CalendarDateTypoTests: XCTestCase {
    /// The error of an entry line (line 4) of a calendar file.
    func error(_ line: String) -> CalendarDataError? {
        parseError("calendar demo\ncovers 2027-01-01 2027-12-31\nyear 2027 Demo notice\n" + line)
    }

    func parseError(_ text: String) -> CalendarDataError? { Self.parseError(text) }

    /// The error parsing `text` as `x.cal` gives, if any.
    static func parseError(_ text: String) -> CalendarDataError? {
        do {
            _ = try CalendarDefinition.parse(text, file: "x.cal")
            return nil
        } catch {
            return error
        }
    }

    func testADateShapedTypoIsNamedAtItsColumn() {
        let cases: [(String, String, Int)] = [
            ("off  2027-06-31 端午节", "2027-06-31 is not a date (June has 30 days)", 6),
            ("off  2027-02-29 test", "2027-02-29 is not a date (February 2027 has 28 days)", 6),
            ("off  2027-13-01 test", "2027-13-01 is not a date (there is no month 13)", 6),
            ("off  2027-10-00 test", "2027-10-00 is not a calendar date", 6),
            ("work 2027-10-7 国庆节调休", "2027-10-7 is not an ISO date (YYYY-MM-DD)", 6),
            ("off  2027-1-01..2027-01-03 元旦", "2027-1-01 is not an ISO date (YYYY-MM-DD)", 6),
            // The second day of a span; columns count characters, a full-width space is one.
            ("off 2027-09-30..2027-09-31 test", "2027-09-31 is not a date (September has 30 days)", 17),
            ("\u{3000}off\u{3000}2027-04-31 全角空格", "2027-04-31 is not a date (April has 30 days)", 6),
        ]
        for (line, message, column) in cases {
            let e = error(line)
            XCTAssertEqual(e?.message, message, line)
            XCTAssertEqual(e?.line, 4, line)
            XCTAssertEqual(e?.column, column, line)
        }
    }

    func testOtherTextKeepsTheExpectedForm() {
        for line in ["off 27-06-01 x", "off 2027/06/01 x", "off 2027-06-01..2027-06-02..2027-06-03 x", "off 2027-06-1x x", "off 元旦"] {
            XCTAssertEqual(error(line)?.message, "expected 'off DATE [NAME]' or 'off FIRST..LAST [NAME]' with ISO dates", line)
            XCTAssertEqual(error(line)?.column, 0, line)
        }
    }

    func testACoversTypoIsNamedToo() throws {
        let e = try XCTUnwrap(parseError("calendar demo\ncovers 2015-01-01 2027-12-32\n"))
        XCTAssertEqual("\(e)", "x.cal:2: 2027-12-32 is not a date (December has 31 days)")
        XCTAssertEqual(e.column, 19)
    }

    /// Lint points at the date (calendar-data's column).
    func testTheColumnSurvivesNamingTheFolder() throws {
        let e = try XCTUnwrap(error("off  2027-06-31 端午节"))
        XCTAssertEqual(e.inFolder("calendars").column, 6)
        XCTAssertEqual("\(e.inFolder("calendars"))", "calendars/x.cal:4: 2027-06-31 is not a date (June has 30 days)")
    }
}
