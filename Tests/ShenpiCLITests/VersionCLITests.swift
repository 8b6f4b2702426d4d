import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi --version`: the release on the first line, then the schema the
/// build writes and the reach of its bundled holiday data.
final class VersionCLITests: XCTestCase {
    func testVersionNamesTheReleaseTheSchemaAndTheHolidayData() throws {
        let r = try CLI.run(["--version"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, r.stdout)
        XCTAssertNotNil(lines.first?.wholeMatch(of: /shenpi [0-9]+\.[0-9]+\.[0-9]+/), r.stdout)
        // The newest migration in the source, i.e. what the store writes.
        let migrations = try XCTUnwrap(TestSupport.read("Sources/ShenpiStore/AppDatabase+Migrations.swift"))
        let newest = try XCTUnwrap(migrations.matches(of: /static let \w+ = "(v[0-9]+-[a-z0-9-]+)"/).last?.output.1)
        XCTAssertEqual(lines.dropFirst().first, "database schema: \(newest)")
        let rules = try XCTUnwrap(TestSupport.read("Sources/ShenpiEngine/EngineRules.swift"))
        let current = try XCTUnwrap(rules.firstMatch(of: /static let current = ([0-9]+)/)?.output.1)
        XCTAssertEqual(lines[2], "engine rules for new cases: \(current)")
        XCTAssertEqual(lines.last?.hasPrefix("bundled holiday data: cn 2015-01-01…"), true, r.stdout)
    }

    /// After a subcommand too (`shenpi serve --version` on a server): the same lines.
    func testASubcommandsVersionIsTheSame() throws {
        let root = try CLI.run(["--version"])
        for command in [["lint", "--version"], ["calendar", "show", "--version"]] {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, root.stdout, command.joined(separator: " "))
        }
    }

    func testHelpListsVersion() throws {
        let r = try CLI.run(["--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("--version"), r.stdout)
    }

    /// A command that does not exist is named, with the one meant where it
    /// can be guessed; not argument-parser's "2 unexpected arguments".
    func testAnUnknownCommandIsNamed() throws {
        let commands = "lint, compile, graph, guide, schema, calendar, bench, audit, test, report, serve, token, backup (shenpi --help)"
        for (argument, hint) in [("check", "did you mean \"lint\"? "), ("lnt", "did you mean \"lint\"? "), ("frobnicate", "")] {
            let r = try CLI.run([argument, "workflows"])
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertEqual(r.stderr, "shenpi: error: unknown command \"\(argument)\"; \(hint)the commands are \(commands)\n")
        }
    }
}
