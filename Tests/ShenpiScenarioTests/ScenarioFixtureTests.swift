import Foundation
import ShenpiScenario
import ShenpiTestSupport
import XCTest

/// The scenario files of the repository: the passing ones must pass, the
/// deliberately failing ones must fail with exactly their `.out` text.
final class ScenarioFixtureTests: XCTestCase {
    func testEveryScenarioInFixturesPasses() throws {
        let report = try ScenarioSuite.run(paths: ["fixtures/scenarios"], workingDirectory: TestSupport.repositoryRoot)
        XCTAssertGreaterThanOrEqual(report.results.count, 13)
        for result in report.results {
            XCTAssertTrue(result.passed, "\(result.file): \(result.failures.joined(separator: "\n"))")
        }
    }

    func testEveryFlowInWorkflowsHasAScenario() throws {
        let files = try ScenarioSuite.files(at: ["fixtures/scenarios"], workingDirectory: TestSupport.repositoryRoot)
        var covered: Set<String> = []
        for file in files {
            let text = try XCTUnwrap(TestSupport.read(file))
            for line in text.split(separator: "\n") where line.hasPrefix("flow: ") {
                covered.insert(String(line.dropFirst(6).split(separator: "/").last ?? ""))
            }
        }
        let flows = (FileManager.default.enumerator(atPath: TestSupport.path("workflows"))?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("registry.yaml") }
            .map { String($0.split(separator: "/").last!) }
        XCTAssertEqual(flows.count, 8)
        for flow in flows { XCTAssertTrue(covered.contains(flow), "no scenario runs \(flow)") }
    }

    func testFailingScenariosProduceTheirExpectedText() throws {
        let files = TestSupport.files(in: "fixtures/scenarios-fail")
        XCTAssertGreaterThanOrEqual(files.count, 7)
        for file in files {
            let report = try ScenarioSuite.run(paths: [file], workingDirectory: TestSupport.repositoryRoot)
            XCTAssertEqual(report.failedCount, 1, file)
            let expected = file.replacingOccurrences(of: ".yaml", with: ".out")
            if TestSupport.recording {
                try report.text.write(toFile: TestSupport.path(expected), atomically: true, encoding: .utf8)
            } else {
                XCTAssertEqual(report.text, TestSupport.read(expected), file)
            }
        }
    }

    func testSummaryLineIsAloneAndLast() throws {
        let report = try ScenarioSuite.run(paths: ["fixtures/scenarios-fail/wrong-expectations.yaml",
                                                   "fixtures/scenarios/pitfall-deemed-acceptance.yaml"],
                                           workingDirectory: TestSupport.repositoryRoot)
        let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(lines.dropLast().last, "1 passed, 1 failed")
        XCTAssertEqual(lines.first, "FAIL 故意失败：按周一至周五计算的到期日")
        XCTAssertTrue(lines.contains("PASS 易错点：逾期未受理视为受理，历史中记为系统自动操作"))
    }
}

/// docs/scenarios.md shows its complete example as the fixture holds it (a
/// docs pass found its `timers:` left out).
final class ScenarioDocExampleTests: XCTestCase {
    func testTheCompleteExampleIsTheFixture() throws {
        let name = "fixtures/scenarios/lightning-design-accepted-0926-due-1016.yaml"
        let doc = try String(contentsOfFile: TestSupport.path("docs/scenarios.md"), encoding: .utf8)
        let after = try XCTUnwrap(doc.range(of: "`\(name)`:\n\n```yaml\n"), "docs/scenarios.md names the example")
        let end = try XCTUnwrap(doc.range(of: "```", range: after.upperBound..<doc.endIndex))
        XCTAssertEqual(String(doc[after.upperBound..<end.lowerBound]), try String(contentsOfFile: TestSupport.path(name), encoding: .utf8))
    }
}
