import Foundation
import ShenpiCalendar
import XCTest

final class CalendarFileTests: XCTestCase {
    let root = """
        calendar demo
        title    Demo
        covers   2025-01-01 2025-12-31
        year 2025 Demo notice (no. 1)
        off  2025-10-01..2025-10-03 National Day   # comment
        work 2025-09-27             make-up
        """

    func registry(_ files: [(String, String)]) throws(CalendarDataError) -> CalendarRegistry {
        try CalendarRegistry(files: files.map { (name: $0.0, text: $0.1) })
    }

    func error(_ files: [(String, String)]) -> String {
        do {
            _ = try registry(files)
            return "no error"
        } catch {
            return error.description
        }
    }

    func testParsesAFile() throws {
        let def = try CalendarDefinition.parse(root, file: "demo.cal")
        XCTAssertEqual(def.id, "demo")
        XCTAssertEqual(def.coverage, d("2025-01-01")...d("2025-12-31"))
        XCTAssertEqual(def.entries.map(\.name), ["National Day", "make-up"])
        XCTAssertEqual(def.entries[0].dates.count, 3)
        XCTAssertEqual(def.sources, [.init(year: 2025, citation: "Demo notice (no. 1)", line: 4)])
        let cal = try registry([("demo.cal", root)]).calendar("demo")
        XCTAssertEqual(try cal.kind(of: d("2025-10-02")), .dayOff("National Day"))
        XCTAssertEqual(try cal.kind(of: d("2025-09-27")), .adjustedWorkday("make-up"))
        XCTAssertNil(cal.officeHours)
    }

    func testLayersOnABase() throws {
        let local = """
            calendar city
            base  demo
            hours 08:30-12:00 14:00-17:00
            source City notice
            off  2025-03-03 city day
            work 2025-10-02 open anyway
            """
        let reg = try registry([("demo.cal", root), ("city.cal", local)])
        XCTAssertEqual(reg.ids, ["city", "demo"])
        XCTAssertEqual(reg.idsWithOfficeHours, ["city"])
        XCTAssertTrue(reg.supports(.hours, calendar: "city"))
        XCTAssertFalse(reg.supports(.hours, calendar: "demo"))
        XCTAssertTrue(reg.supports(.workdays, calendar: "demo"))
        XCTAssertFalse(reg.supports(.workdays, calendar: "nowhere"))
        let city = try reg.calendar("city")
        XCTAssertEqual(city.coverage, d("2025-01-01")...d("2025-12-31"))
        XCTAssertFalse(try city.isWorkingDay(d("2025-03-03")).value)
        XCTAssertTrue(try city.isWorkingDay(d("2025-10-02")).value)
        XCTAssertFalse(try city.isWorkingDay(d("2025-10-01")).value)
        XCTAssertTrue(try city.isWorkingDay(d("2025-09-27")).value)
        XCTAssertEqual(city.officeHours?.minutesPerDay, 390)
        XCTAssertEqual(city.sources.map(\.citation), ["Demo notice (no. 1)", "City notice"])
    }

    func testUnknownCalendarListsTheKnownOnes() {
        XCTAssertThrowsError(try CalendarRegistry.standard.calendar("hangzho")) { error in
            XCTAssertEqual("\(error)", "unknown calendar 'hangzho'; expected one of cn, example-center")
        }
        XCTAssertEqual(CalendarRegistry.standard.ids, ["cn", "example-center"])
        XCTAssertEqual(CalendarRegistry.standard.idsWithOfficeHours, ["example-center"])
    }

    func testMistakesAreReportedWithTheirLine() {
        let cases: [(String, String)] = [
            ("calendar demo\nfoo bar", "x.cal:2: unknown directive 'foo'; expected one of calendar, title, base, weekend, covers, hours, year, source, off, work"),
            ("title x", "x.cal:1: a calendar file starts with 'calendar ID'"),
            ("calendar demo\noff 2025-01-01", "x.cal:2: 'off' before any 'year' or 'source' line: every entry must cite its document"),
            ("calendar demo\nsource s\noff 2025-02-30", "x.cal:3: 2025-02-30 is not a date (February 2025 has 28 days)"),
            ("calendar demo\nsource s\noff 25-02-03", "x.cal:3: expected 'off DATE [NAME]' or 'off FIRST..LAST [NAME]' with ISO dates"),
            ("calendar demo\nsource s\noff 2025-01-01\nwork 2025-01-01", "x.cal:4: 2025-01-01 is already listed on line 3"),
            ("calendar demo\nhours 12:00-09:00", "x.cal:2: expected 'hours none' or windows like '09:00-12:00 13:30-17:30', in order, not overlapping"),
            ("calendar Demo", "x.cal:1: expected 'calendar ID' with an id of lowercase letters, digits and '-'"),
        ]
        for (text, message) in cases {
            XCTAssertEqual(error([("x.cal", text)]), message, text)
        }
    }

    /// Every problem of a file is told, one a line at most, without a line
    /// in error faulting the ones after it (a bad `calendar` id, a bad
    /// `year` line, a repeated span).
    func testEveryMistakeOfAFileIsTold() {
        let text = """
            calendar Demo
            covers 2027-01-01 2027-12-31
            year 27 关于2027年部分节假日安排的通知
            off  2027-01-01..2027-01-03 元旦
            off  2027-02-30 春节
            work 2027-10-7 国庆节调休
            off  2027-01-02..2027-01-04 元旦
            hours 9-5
            """
        let (_, errors) = CalendarDefinition.read(text, file: "x.cal")
        XCTAssertEqual(errors.map(\.description), [
            "x.cal:1: expected 'calendar ID' with an id of lowercase letters, digits and '-'",
            "x.cal:3: expected 'year YYYY CITATION' naming the notice that arranges the year",
            "x.cal:5: 2027-02-30 is not a date (February 2027 has 28 days)",
            "x.cal:6: 2027-10-7 is not an ISO date (YYYY-MM-DD)",
            "x.cal:7: 2027-01-02 is already listed on line 4",
            "x.cal:8: expected 'hours none' or windows like '09:00-12:00 13:30-17:30', in order, not overlapping",
        ])
        XCTAssertThrowsError(try CalendarDefinition.parse(text, file: "x.cal")) { error in
            XCTAssertEqual("\(error)", "x.cal:1: expected 'calendar ID' with an id of lowercase letters, digits and '-'", "parse throws the first")
        }
        // A file that does not start with its id is told so once, at its first line.
        XCTAssertEqual(CalendarDefinition.read("title x\nsource s\noff 2025-01-01\n", file: "x.cal").errors.map(\.description),
                       ["x.cal:1: a calendar file starts with 'calendar ID'"])
        XCTAssertEqual(CalendarDefinition.read("# only a comment\n", file: "x.cal").errors.map(\.description), ["x.cal: no 'calendar ID' line"])
        XCTAssertEqual(CalendarDefinition.read(root, file: "x.cal").errors, [])
    }

    /// Mistakes only the built calendars show are told at the line to change.
    func testBuildMistakesHaveALine() {
        XCTAssertEqual(error([("demo.cal", "calendar demo\nyear 2025 notice\n")]), "demo.cal:1: root calendar 'demo' needs a 'covers FIRST LAST' line")
        XCTAssertEqual(error([("demo.cal", root), ("c.cal", "calendar c\nbase demo\nweekend sun\n")]),
                       "c.cal:3: only a root calendar sets 'weekend'; 'c' has base 'demo'")
    }

    func testMistakesAcrossFiles() {
        XCTAssertEqual(error([("demo.cal", root + "\nwork 2025-09-29 not a day off")]),
                       "demo.cal:7: 2025-09-29 is already a working day; 'work' marks a day off that is worked")
        XCTAssertEqual(error([("demo.cal", root.replacingOccurrences(of: "2025-12-31", with: "2026-12-31"))]),
                       "demo.cal:3: covers 2026 but has no 'year 2026 CITATION' section")
        XCTAssertEqual(error([("demo.cal", root + "\noff 2026-01-01 later")]),
                       "demo.cal:7: 2026-01-01 is outside the covered range 2025-01-01 to 2025-12-31; extend 'covers' on line 3 to add a year")
        XCTAssertEqual(error([("demo.cal", root + "\noff 2024-12-31 earlier")]),
                       "demo.cal:7: 2024-12-31 is outside the covered range 2025-01-01 to 2025-12-31; extend 'covers' on line 3")
        // A layer's entry past its base's range: the base's `covers` sets it.
        XCTAssertEqual(error([("demo.cal", root), ("c.cal", "calendar c\nbase demo\nsource s\noff 2026-01-02 later")]),
                       "c.cal:4: 2026-01-02 is outside the covered range 2025-01-01 to 2025-12-31; extend 'covers' on line 3 of demo.cal to add a year")
        XCTAssertEqual(error([("demo.cal", root), ("c.cal", "calendar c\nbase demo\ncovers 2025-01-01 2025-06-30\nsource s\noff 2025-07-01 later")]),
                       "c.cal:5: 2025-07-01 is outside the covered range 2025-01-01 to 2025-06-30; extend 'covers' on line 3")
        XCTAssertEqual(error([("a.cal", "calendar a\nbase b"), ("b.cal", "calendar b\nbase a")]),
                       "a.cal:2: calendar 'a' has circular bases: a → b → a")
        XCTAssertEqual(error([("a.cal", "calendar a\nbase a")]), "a.cal:2: calendar 'a' has circular bases: a → a")
        XCTAssertEqual(error([("a.cal", "calendar a\nbase b"), ("b.cal", "calendar b\nbase c"), ("c.cal", "calendar c\nbase b")]),
                       "a.cal:2: calendar 'a' has circular bases: a → b → c → b")
        XCTAssertEqual(error([("a.cal", "calendar a\nbase nowhere")]), "a.cal:2: unknown base calendar 'nowhere'; no other calendar is defined")
        XCTAssertEqual(error([("demo.cal", root), ("again.cal", "calendar demo")]), "again.cal:1: calendar 'demo' is also defined in demo.cal:1")
        XCTAssertEqual(error([("demo.cal", root), ("c.cal", "calendar c\nbase demo\ncovers 2024-06-01 2025-06-01")]),
                       "c.cal:3: covers 2024-06-01 to 2025-06-01, beyond its base's 2025-01-01 to 2025-12-31")
    }

    func testLoadsADirectoryOverTheBundledCalendars() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "calendar town\nbase cn\nhours none\nsource Town notice\noff 2025-09-26 town day\n"
        try text.write(to: dir.appendingPathComponent("town.cal"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let reg = try CalendarRegistry.loading(directory: dir.path, over: .standard)
        XCTAssertEqual(reg.ids, ["cn", "example-center", "town"])
        XCTAssertEqual(try reg.calendar("town").addingWorkdays(10, to: d("2025-09-25")).value, d("2025-10-16"))
        let missing = dir.appendingPathComponent("missing").path
        XCTAssertThrowsError(try CalendarRegistry.loading(directory: missing)) { XCTAssertEqual("\($0)", "\(missing): no such folder") }
        let file = dir.appendingPathComponent("town.cal").path
        XCTAssertThrowsError(try CalendarRegistry.loading(directory: file)) { XCTAssertEqual("\($0)", "\(file): not a folder of calendar files") }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("old.cal"), withIntermediateDirectories: false)
        XCTAssertThrowsError(try CalendarRegistry.loading(directory: dir.path)) {
            XCTAssertEqual("\($0)", "old.cal: a folder, not a calendar file")
            XCTAssertEqual("\(($0 as! CalendarDataError).inFolder(dir.path))", "\(dir.path)/old.cal: a folder, not a calendar file")
        }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("old.cal"))
        XCTAssertEqual(mkfifo(dir.appendingPathComponent("pipe.cal").path, 0o600), 0)
        XCTAssertThrowsError(try CalendarRegistry.loading(directory: dir.path)) {
            XCTAssertEqual("\($0)", "pipe.cal: not a regular file")
        }
        let broken = CalendarDataError(file: "pipe.cal", line: 3, message: "m")
        XCTAssertEqual("\(broken.inFolder("cal"))", "cal/pipe.cal:3: m")
        XCTAssertEqual(broken.inFolder("cal").inFolder("cal"), broken.inFolder("cal"), "named once")
        let folderItself = CalendarDataError(file: "cal", line: 0, message: "no such folder")
        XCTAssertEqual(folderItself.inFolder("cal"), folderItself)
        // The linter goes on without a broken file.
        let survey = CalendarRegistry.survey(directory: dir.path, over: .standard)
        XCTAssertEqual(survey.registry.ids, ["cn", "example-center", "town"])
        XCTAssertEqual(survey.broken, ["pipe.cal"])
    }

    /// A calendar file linked from elsewhere (`calendars/x.cal -> ../../shared/x.cal`)
    /// is read through the link, its relative target taken from the link's folder.
    func testALinkedCalendarFileWithARelativeTargetIsRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-link-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/cat/calendars", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/shared", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "calendar town\nbase cn\nhours none\nsource Town notice\noff 2025-09-26 town day\n"
        try text.write(toFile: dir + "/shared/town.cal", atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink("../../shared/town.cal", dir + "/cat/calendars/town.cal"), 0)
        XCTAssertEqual(try CalendarRegistry.loading(directory: dir + "/cat/calendars", over: .standard).ids, ["cn", "example-center", "town"])
    }

    func testTheBundledFilesAreTheStandardRegistry() throws {
        let bundled = try CalendarRegistry.loadBundled()
        XCTAssertEqual(bundled.ids, CalendarRegistry.standard.ids)
        XCTAssertEqual(bundled.definitions["cn"], CalendarRegistry.standard.definitions["cn"])
    }
}
