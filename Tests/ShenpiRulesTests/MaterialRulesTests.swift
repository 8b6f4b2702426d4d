import ShenpiRules
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// `material-dead-end` and `grant-without-materials` on flows shaped the
/// ways the analysis must follow: parallel joins, timeouts, routes on
/// `has(…)`, supplements. Each flow is the same deemed-acceptance intake
/// with a different middle.
final class MaterialRulesTests: XCTestCase {
    static func flow(_ middle: String) -> String {
        """
        workflow: t
        version: 1
        title: 测试
        department: meteorology
        kind: promised
        calendar: cn
        limits: { legal: 30 workdays, promised: 30 workdays }
        materials:
          - { id: application, title: 申请书, form: original }
          - { id: drawings, title: 图纸, form: original }
        steps:
          - id: accept
            role: window
            limit: 1 workday
            checks: [application, drawings]
            on-timeout: accept
            decisions:
              accept: review
              supplement: { request-supplement: true, next: accept }
              refuse: not-accepted
        \(middle)
        outcomes:
          - { id: approved, title: 准予许可, kind: granted }
          - { id: refused, title: 不予许可, kind: refused }
          - { id: not-accepted, title: 不予受理, kind: not-accepted }
        """
    }

    func lint(_ text: String) throws -> [Diagnostic] { try TestSupport.lint(text: text) }

    func findings(_ middle: String) throws -> [String] {
        let found = try lint(Self.flow(middle))
        XCTAssertFalse(found.contains { $0.severity == .error }, found.map(\.canonicalLine).joined(separator: "\n"))
        return found.filter { ["material-dead-end", "grant-without-materials"].contains($0.rule) }.map { "\($0.line) \($0.rule)" }
    }

    func testAReviewEveryDecisionOfWhichNeedsTheMaterialIsADeadEnd() throws {
        XCTAssertEqual(try findings("""
              - id: review
                role: reviewer
                limit: 4 workdays
                checks: [drawings]
                decisions: { recommend-approve: decide, recommend-refuse: decide }
              - id: decide
                role: head
                limit: 2 workdays
                decisions: { approve: approved, refuse: refused }
            """), ["21 material-dead-end"])
    }

    /// Its own timeout moves the case on unchecked: no dead end.
    func testATimeoutIsAWayOut() throws {
        XCTAssertEqual(try findings("""
              - id: review
                role: reviewer
                limit: 4 workdays
                checks: [drawings]
                on-timeout: pass
                decisions: { pass: decide }
              - id: decide
                role: head
                limit: 2 workdays
                decisions: { approve: approved, refuse: refused }
            """), [])
    }

    /// A route that sends a file without the drawings to a refusal lets none reach the review without them.
    func testARouteOnHasNarrowsWhatMayBeMissing() throws {
        XCTAssertEqual(try findings("""
              - id: review
                route:
                  - when: has(drawings) and has(application)
                    next: check
                  - otherwise: refused
              - id: check
                role: reviewer
                limit: 4 workdays
                checks: [drawings]
                decisions: { recommend-approve: decide }
              - id: decide
                role: head
                limit: 2 workdays
                decisions: { approve: approved, refuse: refused }
            """), [])
    }

    /// `needs-materials: false` on the way to the head: a warning unless the
    /// head's step checks again; after a `join: all`, one branch's check holds
    /// for all, after a `join: any` only if every branch checks.
    func testALeakMustBeCheckedAgainBeforeAGrantAcrossJoins() throws {
        func middle(join: String, checkB: Bool) -> String {
            """
              - id: review
                role: reviewer
                limit: 4 workdays
                checks: [drawings]
                decisions:
                  recommend-approve: block
                  recommend-refuse: { next: block, needs-materials: false }
              - id: block
                parallel:
                  join: \(join)
                  branches:
                    - id: a
                      steps:
                        - id: head-a
                          role: head
                          limit: 1 workday
                          checks: [drawings]
                          decisions: { ok: done, refuse: refused }
                    - id: b
                      steps:
                        - id: head-b
                          role: head
                          limit: 1 workday
                          \(checkB ? "checks: [drawings]" : "four-eyes: false")
                          decisions: { ok: done, refuse: refused }
                next: issue
              - id: issue
                role: window
                limit: 1 workday
                checks: [drawings]
                decisions: { issue: approved, refuse: refused }
            """
        }
        XCTAssertEqual(try findings(middle(join: "all", checkB: false)), [], "branch a checks: held after join all")
        XCTAssertEqual(try findings(middle(join: "any", checkB: true)), [], "every branch checks")
        // join any, only a checks: the case may pass through b; the issue step's check then catches it, so no grant leak …
        XCTAssertEqual(try findings(middle(join: "any", checkB: false)), [])
        // … but without that last check it is granted unchecked.
        let unchecked = middle(join: "any", checkB: false).replacingOccurrences(of: """
                checks: [drawings]
                decisions: { issue: approved, refuse: refused }
            """, with: """
                decisions: { issue: approved, refuse: refused }
            """)
        XCTAssertEqual(try findings(unchecked), ["27 grant-without-materials"])
    }

    /// A deferrable material is not required before acceptance, so the window
    /// passes it on missing; a later step that checks it needs a way out.
    func testADeferrableMaterialIsMissingAfterTheIntake() throws {
        let text = Self.flow("""
              - id: review
                role: reviewer
                limit: 4 workdays
                checks: [drawings, officers-id]
                decisions: { recommend-approve: decide, recommend-refuse: { next: decide, needs-materials: false } }
              - id: decide
                role: head
                limit: 2 workdays
                checks: [drawings, officers-id]
                decisions: { approve: approved, refuse: refused }
            """).replacingOccurrences(of: "  - { id: drawings, title: 图纸, form: original }", with: """
              - { id: drawings, title: 图纸, form: original }
              - { id: officers-id, title: 身份证件, form: copy, required: deferrable }
            """).replacingOccurrences(of: "checks: [application, drawings]", with: "checks: [application, drawings, officers-id]")
        XCTAssertEqual(try lint(text).map(\.canonicalLine), [], "recommend-refuse is the way out, and the head checks again")
        let stuck = text.replacingOccurrences(of: ", recommend-refuse: { next: decide, needs-materials: false }", with: "")
        let found = try lint(stuck).map(\.canonicalLine)
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertTrue(found.first?.contains("step \"review\" checks \"drawings\", \"officers-id\"") == true, "\(found)")
    }

    func testNeedsMaterialsWithASupplementRequestIsAConflict() throws {
        let text = Self.flow("""
              - id: review
                role: reviewer
                limit: 4 workdays
                decisions: { recommend-approve: decide }
              - id: decide
                role: head
                limit: 2 workdays
                decisions: { approve: approved, refuse: refused }
            """).replacingOccurrences(of: "supplement: { request-supplement: true, next: accept }",
                                      with: "supplement: { request-supplement: true, needs-materials: false, next: accept }")
        XCTAssertEqual(try lint(text).map(\.canonicalLine), [
            "t.yaml:19:47: error: decision \"supplement\" requests a supplement, which needs no materials; leave out \"needs-materials\" [conflicting-keys]"
        ])
    }
}
