import Foundation
import ShenpiCalendar
import XCTest

final class InstantTests: XCTestCase {
    func testBeijingTime() throws {
        let i = t("2025-09-26T09:30")
        XCTAssertEqual(i.date, d("2025-09-26"))
        XCTAssertEqual(i.secondOfDay, 9 * 3600 + 30 * 60)
        XCTAssertEqual(i.description, "2025-09-26T09:30:00+08:00")
        XCTAssertEqual(i.shortDescription, "2025-09-26T09:30")
        // 01:30 UTC is 09:30 in Beijing.
        XCTAssertEqual(i.secondsSinceEpoch, 1_758_850_200)
        XCTAssertEqual(t("2025-09-26T01:30:00Z"), i)
        XCTAssertEqual(t("2025-09-25T21:30-04:00"), i)
        XCTAssertEqual(t("2025-09-26 09:30:00+08:00"), i)
        XCTAssertEqual(t("2025-09-26"), Instant.startOfDay(d("2025-09-26")))
        XCTAssertEqual(Instant.endOfDay(d("2025-09-26")), t("2025-09-27T00:00"))
        XCTAssertEqual(Instant(date: d("2025-09-26"), hour: 9, minute: 30), i)
        // Before 08:00 Beijing time it is still the previous day in UTC.
        XCTAssertEqual(t("2025-09-26T07:00").date, d("2025-09-26"))
        XCTAssertEqual(t("1969-12-31T23:00").date, d("1969-12-31"))
        XCTAssertEqual(t("1969-12-31T23:00").secondOfDay, 23 * 3600)
    }

    func testRejectsMalformedText() {
        for bad in ["2025-09-26T9:30", "2025-09-26T24:00", "2025-09-26T09:60", "2025-09-26X09:30", "2025-9-26", "2025-09-26T09:30+8"] {
            XCTAssertNil(Instant(iso: bad), bad)
        }
        XCTAssertNil(Instant(date: d("2025-09-26"), hour: 24))
    }

    func testCodableAsISOText() throws {
        let data = try JSONEncoder().encode([t("2025-09-26T09:30")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["2025-09-26T09:30:00+08:00"]"#)
        XCTAssertEqual(try JSONDecoder().decode([Instant].self, from: data), [t("2025-09-26T09:30")])
        XCTAssertThrowsError(try JSONDecoder().decode([Instant].self, from: Data(#"["soon"]"#.utf8)))
    }

    func testOfficeHoursParsing() {
        XCTAssertEqual(OfficeHours(parsing: "09:00-12:00 13:30-17:30")?.minutesPerDay, 420)
        XCTAssertNil(OfficeHours(parsing: "09:00-12:00 11:00-17:30"))
        XCTAssertNil(OfficeHours(parsing: ""))
        XCTAssertEqual(OfficeHours(parsing: "00:00-24:00")?.minutesPerDay, 1440)
    }
}
