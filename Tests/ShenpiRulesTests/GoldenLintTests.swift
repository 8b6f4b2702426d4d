import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// `fixtures/lint/err/<case>.yaml` must produce exactly `<case>.out`;
/// `fixtures/lint/ok/*.yaml` must produce nothing at all.
final class GoldenLintTests: XCTestCase {
    func testErrorCasesProduceTheirExactOutput() throws {
        let cases = TestSupport.files(in: "fixtures/lint/err")
        XCTAssertGreaterThan(cases.count, 20)
        // One run over every case (the catalog is read once), then one output per file.
        let all = try TestSupport.lint(cases)
        for file in cases {
            var result = all
            result.diagnostics = all.diagnostics.filter { $0.file == file }
            let actual = OutputFormat.text.render(result)
            let outFile = String(file.dropLast(".yaml".count)) + ".out"
            if TestSupport.recording {
                try actual.write(toFile: TestSupport.path(outFile), atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = TestSupport.read(outFile) else {
                XCTFail("\(outFile) is missing; record it with SHENPI_RECORD=1")
                continue
            }
            XCTAssertFalse(expected.isEmpty, "\(file) must produce at least one diagnostic")
            XCTAssertEqual(actual, expected, "\(file) output differs from \(outFile)")
        }
    }

    func testEveryRuleHasAnErrorCase() throws {
        let fired = Set(try TestSupport.lint(TestSupport.files(in: "fixtures/lint/err")).diagnostics.map(\.rule))
        // Covered elsewhere: io and file-too-large by loader unit tests (no 1 MiB fixture in the repo),
        // calendar-data and no-registry by LinterTests (they need a catalog of their own).
        let exempt: Set<String> = ["io", "file-too-large", "calendar-data", "no-registry"]
        let missing = RuleCatalog.descriptions.map(\.id).filter { !fired.contains($0) && !exempt.contains($0) }
        XCTAssertEqual(missing, [], "rules with no fixture in fixtures/lint/err")
    }

    func testOkCasesAreClean() throws {
        let cases = TestSupport.files(in: "fixtures/lint/ok")
        XCTAssertGreaterThan(cases.count, 3)
        let result = try TestSupport.lint(cases)
        XCTAssertEqual(result.filesChecked, cases.count)
        XCTAssertEqual(result.diagnostics.map(\.canonicalLine), [])
    }

    func testRealWorkflowsAreClean() throws {
        let result = try TestSupport.lint(["workflows"])
        XCTAssertGreaterThanOrEqual(result.filesChecked, 8)
        XCTAssertEqual(result.diagnostics.map(\.canonicalLine), [])
    }
}
