import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi test`: exit codes and the report on stdout.
final class TestCLITests: XCTestCase {
    func testPassingScenarioExitsZero() throws {
        let r = try CLI.run(["test", "fixtures/scenarios/pitfall-deemed-acceptance.yaml"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout, "PASS 易错点：逾期未受理视为受理，历史中记为系统自动操作\n1 passed, 0 failed\n")
    }

    func testFailingScenarioExitsOneWithTheExpectedText() throws {
        let r = try CLI.run(["test", "fixtures/scenarios-fail/wrong-expectations.yaml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, TestSupport.read("fixtures/scenarios-fail/wrong-expectations.out"))
    }

    func testMalformedScenarioExitsOne() throws {
        let r = try CLI.run(["test", "fixtures/scenarios-fail/malformed.yaml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("fixtures/scenarios-fail/malformed.yaml:7:1: error: unknown key \"setps\""), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("0 passed, 1 failed\n"), r.stdout)
    }

    func testAFolderRunsEveryScenarioInIt() throws {
        let r = try CLI.run(["test", "fixtures/scenarios-fail"])
        XCTAssertEqual(r.status, 1)
        let count = TestSupport.files(in: "fixtures/scenarios-fail").count
        XCTAssertTrue(r.stdout.hasSuffix("0 passed, \(count) failed\n"), r.stdout)
    }

    func testBadUsageExitsTwo() throws {
        let missing = try CLI.run(["test", "no/such/dir"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "shenpi: error: no such file or folder: no/such/dir\n")
        XCTAssertEqual(try CLI.run(["test", "Sources/ShenpiEngine"]).status, 2, "a folder without scenario files")
        XCTAssertEqual(try CLI.run(["test", "--verbose"]).status, 2)
    }
}
