import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Flows near the 1 MiB limit lint completely and correctly. Their speed is
/// measured by `shenpi bench compile --branches N --steps N` (figures in
/// docs/performance.md), not here: a chain of 15 000 steps took 20 s and
/// 2.8 GB (soundness kept a whole path per step, the decoder recounted
/// errors per step), a block of 3 000 branches 25 s (the compiler and the
/// join deadline walked every branch per branch).
final class LargeFlowTests: XCTestCase {
    static let header = """
        workflow: large
        version: 1
        title: 大流程
        department: center
        kind: immediate
        calendar: cn
        limits: { legal: 20 workdays }

        """
    static let outcomes = """
        outcomes:
          - { id: approved, title: 准予, kind: granted }
          - { id: refused, title: 不予, kind: refused }

        """

    func lint(_ text: String) throws -> LintResult {
        let empty = NSTemporaryDirectory() + "shenpi-large-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        XCTAssertLessThan(text.utf8.count, 1 << 20, "must stay under the loader's size limit")
        return try Linter(calendars: TestSupport.calendars, workingDirectory: empty).lint(paths: ["-"], stdin: Array(text.utf8))
    }

    func testLongChainOfStepsWithWarnings() throws {
        let n = 15_000
        // `no` is a YAML 1.1 boolean: one warning per step.
        let steps = (0..<n).map { i in "- {id: s\(i), role: window, decisions: {ok: \(i + 1 < n ? "s\(i + 1)" : "approved"), no: refused}}" }
        let result = try lint(Self.header + "steps:\n" + steps.joined(separator: "\n") + "\n" + Self.outcomes)
        XCTAssertEqual(result.errorCount, 0, result.diagnostics.first { $0.severity == .error }?.canonicalLine ?? "")
        XCTAssertEqual(result.diagnostics.filter { $0.rule == "yaml11-scalar" }.count, n)
    }

    func testParallelBlockOfManyBranches() throws {
        let n = 3_000
        let branches = (0..<n).map { i in
            "    - {id: b\(i), steps: [{id: t\(i), role: window, limit: 1 workday, decisions: {ok: done, stop: refused}}]}"
        }
        let text = Self.header + "steps:\n- id: p\n  parallel:\n    join: all\n    branches:\n" + branches.joined(separator: "\n")
            + "\n  next: approved\n" + Self.outcomes
        let result = try lint(text)
        XCTAssertEqual(result.errorCount, 0, result.diagnostics.first { $0.severity == .error }?.canonicalLine ?? "")
    }
}
