import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi calendar`: answers on stdout, one-line errors and exit code 2.
final class CalendarCLITests: XCTestCase {
    func testWorkedExample() throws {
        let r = try CLI.run(["calendar", "add", "2025-09-26", "10"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "2025-10-16\n")
        XCTAssertEqual(try CLI.run(["calendar", "workdays", "2025-09-26", "2025-10-16"]).stdout, "10\n")
    }

    func testUnitsAndCalendars() throws {
        XCTAssertEqual(try CLI.run(["calendar", "add", "2025-09-26", "10", "--unit", "days"]).stdout, "2025-10-06\n")
        let hours = try CLI.run(["calendar", "add", "2025-09-26T10:00", "10", "--unit", "hours", "--calendar", "example-center"])
        XCTAssertEqual(hours.stdout, "2025-09-28T14:30:00+08:00\n", hours.stderr)
    }

    /// `add 2025-10-16 -10` without `--`: the usage error says why the amount is "missing".
    func testANegativeAmountWithoutTheSeparatorIsExplained() throws {
        let r = try CLI.run(["calendar", "add", "2025-10-16", "-10"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("Missing expected argument '<amount>'"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("Note: -10 was read as an option; put arguments after -- to pass a negative number "
                                         + "(shenpi calendar add -- 2025-10-16 -10)\n"), r.stderr)
        XCTAssertEqual(try CLI.run(["calendar", "add", "--", "2025-10-16", "-10"]).stdout, "2025-09-26\n")
    }

    func testErrorsAreOneLineWithExitTwo() throws {
        let cases: [([String], String)] = [
            (["add", "2025-02-30", "3"], "shenpi: error: bad date '2025-02-30'; expected a date like 2025-09-26\n"),
            // From the repository root, ./workflows/calendars is read as the daemon reads it (citizen-center).
            (["add", "2025-09-26", "3", "--calendar", "xx"], "shenpi: error: unknown calendar 'xx'; expected one of citizen-center, cn, example-center\n"),
            (["show", "2030"], "shenpi: error: year 2030 is outside calendar 'cn', which covers 2015-01-01 to 2026-12-31\n"),
            (["add", "2025-09-26", "3", "--unit", "hours"], "shenpi: error: calendar 'cn' has no office hours, so it cannot count working hours\n"),
            // Amounts that once overflowed (a trap, exit 132) are refused before any counting.
            (["add", "--", "2025-09-26", "9223372036854775807"],
             "shenpi: error: amount 9223372036854775807 is out of range; expected -1000000…1000000\n"),
            (["add", "--unit", "days", "--", "2025-09-26", "-9223372036854775808"],
             "shenpi: error: amount -9223372036854775808 is out of range; expected -1000000…1000000\n"),
            (["add", "--unit", "hours", "--", "2025-09-26T10:00", "10000000000000000"],
             "shenpi: error: amount 10000000000000000 is out of range; expected -1000000…1000000\n"),
            (["add", "2025-09-26", "3", "--roll-forward"], "shenpi: error: --roll-forward applies to --unit days only\n"),
            (["show", "2027", "--provisional"],
             "shenpi: error: --provisional does not apply to show: it lists the days of the published data only (use it with add or workdays)\n"),
        ]
        for (arguments, message) in cases {
            let r = try CLI.run(["calendar"] + arguments)
            XCTAssertEqual(r.status, 2, arguments.joined(separator: " "))
            XCTAssertEqual(r.stderr, message)
            XCTAssertEqual(r.stdout, "")
        }
    }

    /// A broken file of --calendar-dir is named with its folder, as lint names it.
    func testABrokenCalendarFileIsNamedWithItsFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/local", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "calendar x\nbase cn\nfoo bar\n".write(toFile: dir + "/local/x.cal", atomically: true, encoding: .utf8)
        for arguments in [["show", "2025", "--calendar-dir", dir + "/local"], ["add", "2025-09-26", "3", "--calendar-dir", dir + "/local"],
                          ["add", "2025-09-26", "3", "--calendars", dir + "/local"]] {
            let r = try CLI.run(["calendar"] + arguments)
            XCTAssertEqual(r.status, 2, arguments.joined(separator: " "))
            XCTAssertEqual(r.stderr, "shenpi: error: \(dir)/local/x.cal:3: unknown directive 'foo'; "
                + "expected one of calendar, title, base, weekend, covers, hours, year, source, off, work\n")
        }
    }

    /// Beside a catalog, its `workflows/calendars` is read (a year-end copy of
    /// cn answers as the daemon does); a broken one is warned about and left
    /// out, as `report` and `backup` do, not an error for every question.
    func testTheCatalogsCalendarsAreReadByDefault() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-cal-default-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/workflows/calendars", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cn = try String(contentsOfFile: TestSupport.path("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
        try (cn.replacingOccurrences(of: "2026-12-31", with: "2027-12-31") + "\nyear 2027 测试数据（并非国务院办公厅通知）\noff 2027-01-01 元旦\n")
            .write(toFile: dir + "/workflows/calendars/cn.cal", atomically: true, encoding: .utf8)
        let counted = try CLI.run(["calendar", "add", "2026-12-24", "10"], directory: dir)
        XCTAssertEqual([counted.status.description, counted.stdout], ["0", "2027-01-08\n"], counted.stderr)
        XCTAssertTrue(try CLI.run(["calendar", "show"], directory: dir).stdout.contains("cn  2015-01-01..2027-12-31"))

        try "calendar x\nfoo\n".write(toFile: dir + "/workflows/calendars/x.cal", atomically: true, encoding: .utf8)
        let fallback = try CLI.run(["calendar", "add", "2025-09-26", "10"], directory: dir)
        XCTAssertEqual([fallback.status.description, fallback.stdout], ["0", "2025-10-16\n"], fallback.stderr)
        XCTAssertTrue(fallback.stderr.hasPrefix("shenpi: warning: workflows/calendars not used: "), fallback.stderr)
    }

    func testPastCoverageNeedsProvisional() throws {
        let refused = try CLI.run(["calendar", "add", "2026-12-24", "10"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("2027-01-01 is outside calendar 'cn'"), refused.stderr)
        let guessed = try CLI.run(["calendar", "add", "2026-12-24", "10", "--provisional"])
        XCTAssertEqual(guessed.status, 0)
        XCTAssertEqual(guessed.stdout, "2027-01-07\n")
        XCTAssertTrue(guessed.stderr.contains("provisional"), guessed.stderr)
    }

    func testShowMarksDaysWithoutColourOffATerminal() throws {
        let r = try CLI.run(["calendar", "show", "2025"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("248 working days"), r.stdout)
        XCTAssertTrue(r.stdout.contains(" 28+"), "Sunday 9/28 worked")
        XCTAssertTrue(r.stdout.contains("  1*  2*  3*  4*  5*"), "National Day week")
        XCTAssertFalse(r.stdout.contains("\u{1B}["), "no colour when not a terminal")
        XCTAssertTrue(r.stdout.contains("国办发明电〔2024〕12号"))
    }
}
