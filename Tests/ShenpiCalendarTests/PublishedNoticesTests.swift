import ShenpiCalendar
import XCTest

/// The bundled `cn` data against the notices, written out here a second
/// time and independently of Data/cn.cal: removing or adding any day off or
/// adjusted working day in the data makes these fail.
final class PublishedNoticesTests: XCTestCase {
    /// 国办发明电〔2024〕12号, as DOMAIN.md gives it.
    static let off2025 = [("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
                          ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08")]
    static let work2025 = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
    /// 国办发明电〔2025〕7号.
    static let off2026 = [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
                          ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
                          ("2026-10-01", "2026-10-07")]
    static let work2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]

    func testEveryDayOf2025MatchesTheNotice() throws {
        try checkYear(2025, off: Self.off2025, work: Self.work2025, workingDays: 248)
    }

    func testEveryDayOf2026MatchesTheNotice() throws {
        try checkYear(2026, off: Self.off2026, work: Self.work2026, workingDays: 248)
    }

    func checkYear(_ year: Int, off: [(String, String)], work: [String], workingDays: Int) throws {
        let offDays = Set(off.flatMap { dates($0.0, $0.1) })
        let workDays = Set(work.map { d($0) })
        var working = 0
        for date in dates("\(year)-01-01", "\(year)-12-31") {
            let kind = try Fixtures.cn.kind(of: date)
            switch kind {
            case .dayOff: XCTAssert(offDays.contains(date), "\(date) is a day off in the data, not in the notice")
            case .adjustedWorkday: XCTAssert(workDays.contains(date), "\(date) is worked in the data, not in the notice")
            case .weekend: XCTAssert(date.isWeekend && !offDays.contains(date) && !workDays.contains(date), "\(date) weekend")
            case .workday: XCTAssert(!date.isWeekend && !offDays.contains(date), "\(date) workday")
            }
            XCTAssertEqual(try Fixtures.cn.isWorkingDay(date).value, kind.isWorking)
            if kind.isWorking { working += 1 }
        }
        XCTAssertEqual(working, workingDays)
        XCTAssertEqual(try Fixtures.cn.workdays(inYear: year).value, workingDays)
        XCTAssert(workDays.allSatisfy(\.isWeekend), "adjusted working days are weekend days")
    }

    /// Per year: working days, listed days off and adjusted working days
    /// falling in that year (cross-checked day by day against the PyPI
    /// package chinesecalendar 1.11.0 when the data was entered).
    func testEveryCoveredYearKeepsItsCounts() throws {
        let expected = [(2015, 249, 29, 5), (2016, 250, 29, 6), (2017, 249, 28, 5), (2018, 250, 29, 7),
                        (2019, 250, 28, 6), (2020, 249, 30, 6), (2021, 250, 31, 7), (2022, 249, 32, 7),
                        (2023, 249, 26, 7), (2024, 251, 30, 8), (2025, 248, 28, 5), (2026, 248, 33, 6)]
        for (year, working, off, work) in expected {
            var listedOff = 0, listedWork = 0
            for date in dates("\(year)-01-01", "\(year)-12-31") {
                switch try Fixtures.cn.kind(of: date) {
                case .dayOff: listedOff += 1
                case .adjustedWorkday: listedWork += 1
                default: break
                }
            }
            XCTAssertEqual(try Fixtures.cn.workdays(inYear: year).value, working, "\(year) working days")
            XCTAssertEqual(listedOff, off, "\(year) listed days off")
            XCTAssertEqual(listedWork, work, "\(year) adjusted working days")
        }
    }

    func testChangedArrangementsAreApplied() throws {
        // 2015: Victory Day 9/3–9/5 off, Sunday 9/6 worked.
        XCTAssertFalse(try Fixtures.cn.isWorkingDay(d("2015-09-03")).value)
        XCTAssertTrue(try Fixtures.cn.isWorkingDay(d("2015-09-06")).value)
        // 2019: Labour Day enlarged to 5/1–5/4 with 4/28 and 5/5 worked.
        XCTAssertFalse(try Fixtures.cn.isWorkingDay(d("2019-05-02")).value)
        XCTAssertTrue(try Fixtures.cn.isWorkingDay(d("2019-05-05")).value)
        // 2020: the Spring Festival extended to 2/2, so Saturday 2/1 was not worked.
        XCTAssertFalse(try Fixtures.cn.isWorkingDay(d("2020-02-01")).value)
        XCTAssertFalse(try Fixtures.cn.isWorkingDay(d("2020-01-31")).value)
        // The 2019 arrangement starts in December 2018.
        XCTAssertTrue(try Fixtures.cn.isWorkingDay(d("2018-12-29")).value)
        XCTAssertFalse(try Fixtures.cn.isWorkingDay(d("2018-12-31")).value)
    }

    func testEveryYearCitesItsNotice() {
        let sources = Fixtures.cn.sources
        for year in 2015...2026 {
            let section = sources.first { $0.year == year }
            XCTAssertNotNil(section, "\(year) has no year section")
            XCTAssert(section?.citation.contains("国务院办公厅关于\(year)年部分节假日安排的通知") ?? false, "\(year) citation")
        }
        XCTAssert(sources.contains { $0.citation.contains("国办发明电〔2024〕12号") })
        XCTAssert(sources.contains { $0.citation.contains("国办发明电〔2025〕7号") })
        XCTAssertEqual(Fixtures.cn.coverage, d("2015-01-01")...d("2026-12-31"))
    }

    func testDayKindsCarryTheNoticeNames() throws {
        XCTAssertEqual(try Fixtures.cn.kind(of: d("2025-01-29")), .dayOff("春节"))
        XCTAssertEqual(try Fixtures.cn.kind(of: d("2025-09-28")), .adjustedWorkday("国庆节调休"))
        XCTAssertEqual(try Fixtures.cn.kind(of: d("2025-09-27")), .weekend)
        XCTAssertEqual(try Fixtures.cn.kind(of: d("2025-09-26")), .workday)
    }
}
