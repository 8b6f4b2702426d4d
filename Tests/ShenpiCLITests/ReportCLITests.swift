import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi report`: bad input is one line and exit 2 (the figures themselves
/// are tested in ShenpiStoreTests/ReportTests.swift on a store the engine wrote).
final class ReportCLITests: XCTestCase {
    func testABadDatabaseIsOneLineAndExitTwo() throws {
        let missing = try CLI.run(["report", "--db", "/nonexistent/shenpi.sqlite"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "shenpi: error: no database at /nonexistent/shenpi.sqlite\n")
        XCTAssertEqual(missing.stdout, "")
        let yaml = try CLI.run(["report", "--db", "workflows/registry.yaml"])
        XCTAssertEqual(yaml.status, 2)
        XCTAssertEqual(yaml.stderr, "shenpi: error: workflows/registry.yaml is not a Shenpi database\n")
    }

    func testBadDatesAndThresholdsAreOneLineAndExitTwo() throws {
        let cases: [([String], String)] = [
            (["--from", "2025-13-01"], "shenpi: error: bad date for --from: 2025-13-01 (expected YYYY-MM-DD)\n"),
            (["--to", "yesterday"], "shenpi: error: bad date for --to: yesterday (expected YYYY-MM-DD)\n"),
            (["--from", "2025-09-30", "--to", "2025-09-01"], "shenpi: error: --from 2025-09-30 is after --to 2025-09-01\n"),
            (["--at", "2025-09-30T25:00"],
             "shenpi: error: bad instant for --at: 2025-09-30T25:00 (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)\n"),
            (["--callback-day", "2025-02-30"], "shenpi: error: bad date for --callback-day: 2025-02-30 (expected YYYY-MM-DD)\n"),
            (["--untouched-after", "3 weeks"], "shenpi: error: bad --untouched-after: 3 weeks (expected N workdays or N days, N from 0 to 9999)\n"),
            (["--untouched-after", "10000 days"], "shenpi: error: bad --untouched-after: 10000 days (expected N workdays or N days, N from 0 to 9999)\n"),
            (["--calendars", "no/such/dir"], "shenpi: error: no such calendar folder: no/such/dir\n"),
        ]
        for (arguments, message) in cases {
            let r = try CLI.run(["report", "--db", "workflows/registry.yaml"] + arguments)
            XCTAssertEqual(r.status, 2, arguments.joined(separator: " "))
            XCTAssertEqual(r.stderr, message)
        }
    }

    /// The store as it stands cannot say who will have acted by a later instant.
    func testAnInstantAfterNowIsRefused() throws {
        let r = try CLI.run(["report", "--db", "workflows/registry.yaml", "--at", "2999-01-01"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("shenpi: error: --at 2999-01-01T00:00 is after now (20"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("): the report reads the store as it stands, so it cannot be judged later than now\n"), r.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try CLI.run(["report", "--db", "x.sqlite", "--format", "xml"]).status, 2)
        XCTAssertEqual(try CLI.run(["report", "--db", "x.sqlite", "--sample-seed", "-1"]).status, 2)
        XCTAssertEqual(try CLI.run(["report"]).status, 2, "--db is required")
    }

    func testHelpNamesTheOptions() throws {
        let r = try CLI.run(["help", "report"])
        XCTAssertEqual(r.status, 0)
        for option in ["--db", "--from", "--to", "--at", "--untouched-after", "--callback-day", "--sample-seed", "--format"] {
            XCTAssertTrue(r.stdout.contains(option), option)
        }
    }
}
