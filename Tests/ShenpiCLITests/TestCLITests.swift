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

    func testAFlowOrARegistryGetsOneLineSayingWhatItIs() throws {
        let flow = "workflows/transport/senior-bus-card.yaml", registry = "workflows/registry.yaml"
        let flowLine = try line(of: "workflow:", in: flow), registryLine = try line(of: "registry:", in: registry)
        let r = try CLI.run(["test", flow, registry])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, """
            FAIL \(flow)
              \(flow):\(flowLine):1: \
            error: this is a workflow file, not a scenario (it has "workflow:"); check flows with shenpi lint [scenario-unknown-file-kind]
            FAIL \(registry)
              \(registry):\(registryLine):1: \
            error: this is a registry file, not a scenario (it has "registry:"); check registries with shenpi lint [scenario-unknown-file-kind]
            0 passed, 2 failed

            """)
    }

    /// The 1-based line of the first line starting with `prefix`.
    func line(of prefix: String, in file: String) throws -> Int {
        let lines = try XCTUnwrap(TestSupport.read(file)).split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.hasPrefix(prefix) }) + 1
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
        let empty = try CLI.run(["test", ""])
        XCTAssertEqual(empty.status, 2)
        XCTAssertEqual(empty.stderr, "shenpi: error: an empty path; name a scenario file or folder\n")
    }

    /// A FIFO would block the run for ever: named, it is refused; in a folder, passed over.
    func testAFIFOIsNeverOpened() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-fifo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(mkfifo(dir + "/pipe.yaml", 0o600), 0)
        let named = try CLI.run(["test", dir + "/pipe.yaml"])
        XCTAssertEqual(named.status, 2)
        XCTAssertEqual(named.stderr, "shenpi: error: not a regular file: \(dir)/pipe.yaml\n")
        let folder = try CLI.run(["test", dir])
        XCTAssertEqual(folder.status, 2)
        XCTAssertEqual(folder.stderr, "shenpi: error: no *.yaml or *.yml scenario files under \(dir)\n")
    }
}
