import Foundation
import ShenpiCalendar
import XCTest

/// The year-end rehearsal: a copy of a bundled calendar in a catalog's
/// folder that would change what the bundled one says, or whose new year is
/// incomplete, is reported at the line to fix.
final class CalendarCopyLineTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func bundled(_ name: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent("Sources/ShenpiCalendar/Data/\(name)"), encoding: .utf8)
    }
    static let year2027 = "\nyear 2027 测试数据，并非国务院办公厅通知\noff  2027-01-01 元旦\n"

    /// Loads `files` as a catalog's calendars over the bundled ones.
    func error(_ files: [String: String]) throws -> CalendarDataError? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        do {
            _ = try CalendarRegistry.loading(directory: dir, over: .standard)
            return nil
        } catch {
            return error
        }
    }

    /// The 1-based line of `text` that starts with `prefix`.
    func line(_ prefix: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 } ?? 0
    }

    func testAChangedDayIsReportedAtTheEntryThatChangesIt() throws {
        let cn = try Self.bundled("cn.cal").replacingOccurrences(of: "2026-12-31", with: "2027-12-31") + Self.year2027
        let saturday = cn + "work 2026-12-26 元旦调休\n"
        let e = try XCTUnwrap(try error(["cn.cal": saturday]))
        XCTAssertEqual(e.line, line("work 2026-12-26", in: saturday))
        XCTAssertEqual(e.message, "calendar cn would make 2026-12-26 a working day; it is a day off now (the bundled calendar); "
                       + "a local copy of it may only add days, such as next year's notice")
        // An entry deleted: nothing in the file lists the days; the covers line.
        let deleted = cn.replacingOccurrences(of: "off  2026-10-01..2026-10-07 国庆节\n", with: "")
        XCTAssertEqual(try error(["cn.cal": deleted])?.description, "cn.cal:13: calendar cn would make 2026-10-01 a working day (a day off now), "
                       + "2026-10-02 a working day (a day off now) and 2026-10-05 a working day (a day off now), and change 2 more days (the bundled calendar); "
                       + "a local copy of it may only add days, such as next year's notice")
        // A layered copy without `covers`: the calendar line.
        let center = try Self.bundled("example-center.cal")
        let closure = center.replacingOccurrences(of: "off  2025-12-31", with: "# off  2025-12-31")
        XCTAssertEqual(try error(["example-center.cal": closure])?.line, line("calendar example-center", in: center))
    }

    func testCoverageProblemsAreReportedAtTheCoversLine() throws {
        let cn = try Self.bundled("cn.cal")
        // The year's section forgotten.
        XCTAssertEqual(try error(["cn.cal": cn.replacingOccurrences(of: "2026-12-31", with: "2027-12-31")])?.description,
                       "cn.cal:13: covers 2027 but has no 'year 2027 CITATION' section")
        // The range moved forward, not extended.
        let center = try Self.bundled("example-center.cal").replacingOccurrences(of: "hours    09", with: "covers   2025-01-01 2025-12-31\nhours    09")
        XCTAssertEqual(try error(["example-center.cal": center])?.description,
                       "example-center.cal:\(line("covers", in: center)): calendar example-center would cover 2025-01-01 to 2025-12-31, "
                       + "not all of the 2015-01-01 to 2026-12-31 it covers now (the bundled calendar); a local copy of it may only add days, such as next year's notice")
        // `covers` not extended for the new year's entry: its line is named.
        let unextended = cn + Self.year2027
        XCTAssertEqual(try error(["cn.cal": unextended])?.description,
                       "cn.cal:\(line("off  2027-01-01", in: unextended)): 2027-01-01 is outside the covered range 2015-01-01 to 2026-12-31; "
                       + "extend 'covers' on line 13 to add a year")
    }

    func testBasesComeFirst() throws {
        let reg = try CalendarRegistry(files: [(name: "b.cal", text: "calendar b\nbase c\n"), (name: "a.cal", text: "calendar a\nbase b\n"),
                                               (name: "c.cal", text: "calendar c\ncovers 2025-01-01 2025-12-31\nyear 2025 notice\n"),
                                               (name: "d.cal", text: "calendar d\nbase c\n")])
        XCTAssertEqual(reg.ids, ["a", "b", "c", "d"])
        XCTAssertEqual(reg.idsBasesFirst, ["c", "b", "d", "a"])
    }

    /// The engine's reload reads the line from the new calendar's files:
    /// the topmost layer that lists the day, else the `covers` line.
    func testAPlaceIsFoundAlongTheChain() throws {
        let root = "calendar root\ncovers 2025-01-01 2025-12-31\nyear 2025 notice\noff 2025-10-01..2025-10-03 National Day\n"
        let hall = "calendar hall\nbase root\n"
        func place(root newRoot: String = root, hall newHall: String = hall) throws -> String? {
            let old = try CalendarRegistry(files: [(name: "root.cal", text: root), (name: "hall.cal", text: hall)])
            let new = try CalendarRegistry(files: [(name: "root.cal", text: newRoot), (name: "hall.cal", text: newHall)]).calendar("hall")
            let problem = try XCTUnwrap(new.replacementProblem(replacing: old.calendar("hall")))
            return new.place(of: problem).map { "\($0.file):\($0.line)" }
        }
        XCTAssertEqual(try place(hall: hall + "source s\noff 2025-03-03 closed\n"), "hall.cal:4")
        XCTAssertEqual(try place(root: root + "work 2025-10-04 make-up\n"), "root.cal:5", "the base's entry")
        XCTAssertEqual(try place(root: root.replacingOccurrences(of: "..2025-10-03", with: "")), "hall.cal:1", "listed nowhere: the own file")
        XCTAssertEqual(try place(root: root.replacingOccurrences(of: "2025-12-31", with: "2025-12-30")), "root.cal:2", "the covers that sets the range")
        XCTAssertEqual(try place(root: root.replacingOccurrences(of: "covers", with: "weekend fri sat\ncovers")), "root.cal:2", "the root's weekend line")
        // Office hours: the line that states them, or the own file's `calendar` line when one was deleted.
        XCTAssertEqual(try place(hall: hall + "hours 09:00-12:00\n"), "hall.cal:3", "the hours line")
        XCTAssertEqual(try place(root: root + "hours 08:30-12:00\n", hall: hall + "hours 09:00-12:00\n"), "hall.cal:3", "the topmost hours line")
    }
}
