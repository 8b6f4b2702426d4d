import ShenpiCalendar
import XCTest

/// The table-based description against the padding formula it short-cuts.
final class CivilDateDescriptionTests: XCTestCase {
    static func reference(_ date: CivilDate) -> String {
        let y = String(date.year), m = String(date.month), d = String(date.day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-"
            + (m.count < 2 ? "0" : "") + m + "-" + (d.count < 2 ? "0" : "") + d
    }

    func testSameTextAsPadding() {
        // Years 1 … 10 000 and a few before year 1, every 7th day.
        let first = CivilDate(year: 1, month: 1, day: 1)!.daysSinceEpoch - 800
        let last = CivilDate(year: 9999, month: 12, day: 31)!.daysSinceEpoch + 800
        for day in stride(from: first, through: last, by: 7) {
            let date = CivilDate(daysSinceEpoch: day)
            XCTAssertEqual(date.description, Self.reference(date))
        }
        XCTAssertEqual(CivilDate(year: 2025, month: 9, day: 22)!.description, "2025-09-22")
        XCTAssertEqual(CivilDate(year: 999, month: 12, day: 31)!.description, "0999-12-31")
    }
}
