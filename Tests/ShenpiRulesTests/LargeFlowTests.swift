import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Flows near the 1 MiB limit must lint in time and memory linear in their
/// size. A chain of 15 000 steps took 20 s and 2.8 GB (soundness kept a whole
/// path per step, the decoder recounted errors per step); a block of 3 000
/// branches took 25 s (the compiler and the join deadline walked every
/// branch per branch). Both now take a few seconds in a debug build; the bounds leave room for a
/// slow machine and still catch the old behaviour.
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

    func lint(_ text: String) throws -> (LintResult, TimeInterval) {
        let empty = NSTemporaryDirectory() + "shenpi-large-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        XCTAssertLessThan(text.utf8.count, 1 << 20, "must stay under the loader's size limit")
        let start = Date()
        let result = try Linter(calendars: TestSupport.calendars, workingDirectory: empty).lint(paths: ["-"], stdin: Array(text.utf8))
        return (result, Date().timeIntervalSince(start))
    }

    func testLongChainOfStepsWithWarnings() throws {
        let n = 15_000
        // `no` is a YAML 1.1 boolean: one warning per step.
        let steps = (0..<n).map { i in "- {id: s\(i), role: window, decisions: {ok: \(i + 1 < n ? "s\(i + 1)" : "approved"), no: refused}}" }
        let (result, seconds) = try lint(Self.header + "steps:\n" + steps.joined(separator: "\n") + "\n" + Self.outcomes)
        XCTAssertEqual(result.errorCount, 0, result.diagnostics.first { $0.severity == .error }?.canonicalLine ?? "")
        XCTAssertEqual(result.diagnostics.filter { $0.rule == "yaml11-scalar" }.count, n)
        XCTAssertLessThan(seconds, 15)
    }

    func testParallelBlockOfManyBranches() throws {
        let n = 3_000
        let branches = (0..<n).map { i in
            "    - {id: b\(i), steps: [{id: t\(i), role: window, limit: 1 workday, decisions: {ok: done, stop: refused}}]}"
        }
        let text = Self.header + "steps:\n- id: p\n  parallel:\n    join: all\n    branches:\n" + branches.joined(separator: "\n")
            + "\n  next: approved\n" + Self.outcomes
        let (result, seconds) = try lint(text)
        XCTAssertEqual(result.errorCount, 0, result.diagnostics.first { $0.severity == .error }?.canonicalLine ?? "")
        XCTAssertLessThan(seconds, 10)
    }
}
