import Foundation
import ShenpiLanguage
import ShenpiRender
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Small flows written into a temporary catalog (with its own registry),
/// linted like `shenpi graph` does, and drawn.
enum GraphFixture {
    static let registry = """
        registry: test-center
        title: 测试中心
        departments:
          - { id: center, title: 政务服务中心 }
        roles:
          - { id: window, title: 综合受理窗口, department: center }
          - { id: reviewer, title: 审查员, department: center }
          - { id: head, title: 负责人, department: center }
        """

    /// A called flow for `call:` steps.
    static let subflow = """
        workflow: sub-check
        version: 1
        title: 子流程核验
        department: center
        kind: immediate
        calendar: cn
        limits: { legal: 5 workdays }
        steps:
          - { id: check, role: reviewer, decisions: { pass: ok, fail: bad } }
        outcomes:
          - { id: ok, title: 通过, kind: granted }
          - { id: bad, title: 不通过, kind: refused }
        """

    /// `header` + `steps` + `outcomes` as one flow file.
    static func yaml(steps: String, outcomes: String = defaultOutcomes, extra: String = "") -> String {
        """
        workflow: test-flow
        version: 1
        title: 测试事项
        department: center
        kind: promised
        calendar: cn
        limits: { legal: 20 workdays, promised: 10 workdays }
        \(extra)
        steps:
        \(steps)
        outcomes:
        \(outcomes)
        """
    }

    static let defaultOutcomes = """
          - { id: approved, title: 准予许可, kind: granted }
          - { id: refused, title: 不予许可, kind: refused }
          - { id: not-accepted, title: 不予受理, kind: not-accepted }
          - { id: withdrawn, title: 申请人撤回, kind: withdrawn }
        """

    /// Lints `text` as `flow.yaml` in a fresh catalog; fails the test on lint errors.
    static func flow(_ text: String, registry: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> CheckedFlow {
        let dir = NSTemporaryDirectory() + "shenpi-graph-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        if registry { try self.registry.write(toFile: dir + "/registry.yaml", atomically: true, encoding: .utf8) }
        try subflow.write(toFile: dir + "/sub-check.yaml", atomically: true, encoding: .utf8)
        try text.write(toFile: dir + "/flow.yaml", atomically: true, encoding: .utf8)
        let result = try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: ["flow.yaml"])
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.canonicalLine)
        XCTAssertEqual(errors, [], "the test flow must lint clean", file: file, line: line)
        return try XCTUnwrap(result.flows.first, file: file, line: line)
    }

    static func renderer(_ text: String, registry: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> GraphRenderer {
        let checked = try flow(text, registry: registry, file: file, line: line)
        return GraphRenderer(flow: checked.flow, registry: checked.catalog.registry)
    }

    /// A real flow of `workflows/`, linted from the repository root.
    static func real(_ path: String) throws -> GraphRenderer {
        let result = try TestSupport.lint([path])
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(\.canonicalLine), [])
        let checked = try XCTUnwrap(result.flows.first)
        return GraphRenderer(flow: checked.flow, registry: checked.catalog.registry)
    }

    /// Runs `dot -Tsvg` over DOT text; nil when Graphviz is not installed.
    static func svg(_ dot: String) throws -> String? {
        guard let graphviz = Graphviz.locate() else { return nil }
        return try graphviz.svg(fromDOT: dot)
    }
}
