@testable import ShenpiRules
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// What a flow author met writing a new flow from the docs: a supplement
/// request that also stops the clock needs no `resume:`; `needs-materials:
/// false` on a granting decision is named as the mistake; `{missing}` where
/// nothing fills it is said to read as nothing.
final class AuthorPassLintTests: XCTestCase {
    static func flow(review: String, accepted: String = "已受理。") -> String {
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
          - { id: design, title: 设计图, form: original }
        templates:
          supplement: "请补齐：{missing}。{decision.comment}"
        steps:
          - id: accept
            role: window
            limit: 1 workday
            checks: [application, design]
            on-timeout: accept
            decisions:
              accept: { next: review, notify: { to: applicant, message: "\(accepted)" } }
              supplement: { request-supplement: true, next: accept, notify: { to: applicant, template: supplement } }
              refuse: not-accepted
          - id: review
            role: reviewer
            limit: 4 workdays
            checks: [design]
            decisions:
        \(review)
        outcomes:
          - { id: approved, title: 准予许可, kind: granted }
          - { id: refused, title: 不予许可, kind: refused }
          - { id: not-accepted, title: 不予受理, kind: not-accepted }
        """
    }

    func lines(_ text: String) throws -> [String] { try TestSupport.lint(text: text).map(\.canonicalLine) }

    func testASupplementPauseEndsWithTheMaterialsAndNeedsNoResume() throws {
        XCTAssertEqual(try lines(Self.flow(review: """
                  approve: approved
                  refuse: refused
                  supplement: { request-supplement: true, pause: supplement, next: review, notify: { to: applicant, template: supplement } }
            """)), [])
    }

    func testNeedsMaterialsFalseOnAGrantingDecisionIsNamedAsTheMistake() throws {
        XCTAssertEqual(try lines(Self.flow(review: """
                  approve: { next: approved, needs-materials: false }
                  refuse: refused
            """)), [
            "t.yaml:28:7: warning: decision \"approve\" of step \"review\" grants the application (outcome \"approved\") without \"design\" "
                + "(needs-materials: false) [grant-without-materials]"
        ])
    }

    func testMissingOutsideARequestForSupplementReadsAsNothing() throws {
        XCTAssertEqual(try lines(Self.flow(review: """
                  approve: approved
                  refuse: refused
            """, accepted: "已受理，容缺材料请补交：{missing}。")), [
            "t.yaml:20:39: warning: decision \"accept\" requests no supplement, so {missing} in its notice reads as nothing: "
                + "only a request for supplement (request-supplement: true) lists what is missing [reason-untold]"
        ])
    }

    /// Decisions may be named like a decision's keys (`pause: other`): only a
    /// value no decision could have says the key was misplaced.
    func testDecisionsNamedLikeKeysStayDecisions() throws {
        let text = """
            workflow: t
            version: 1
            title: 测试
            department: meteorology
            kind: promised
            calendar: cn
            limits: { legal: 30 workdays, promised: 30 workdays }
            steps:
              - id: review
                title: 审查
                role: reviewer
                limit: 4 workdays
                decisions:
                  approve: approved
                  notify: other
                  pause: other
                  resume: other
                  title: other
                  id: other
                  next: other
              - { id: other, role: reviewer, decisions: { ok: approved } }
            outcomes:
              - { id: approved, title: 准予许可, kind: granted }
            """
        XCTAssertEqual(try lines(text), [])
        let misplaced = text.replacingOccurrences(of: "notify: other", with: "notify: { to: applicant, message: 已受理。 }")
            .replacingOccurrences(of: "pause: other", with: "pause: testing").replacingOccurrences(of: "title: other", with: "title: 不予受理")
        let found = try lines(misplaced)
        XCTAssertEqual(found.filter { $0.contains("[unknown-key]") }.count, 3, found.joined(separator: "\n"))
    }

    func testAMisspeltApplicantIsSuggested() throws {
        let found = try lines(Self.flow(review: """
                  approve: { next: approved, notify: { to: applicnt, message: "准予许可。" } }
                  refuse: refused
            """))
        XCTAssertTrue(found.contains { $0.contains("role \"applicnt\" is not defined; did you mean \"applicant\"?") }, "\(found)")
    }

    /// A registry too long to list (26 roles): an undefined role names those
    /// sharing a word with it, most words first.
    func testAnUndefinedRoleNamesTheRolesSharingAWord() {
        let roles = ["window", "land-director", "market-director", "market-reviewer", "safety-officer", "safety-head", "realestate-director"]
        XCTAssertEqual(UndefinedReferenceRule.related("director", among: roles), ["land-director", "market-director", "realestate-director"])
        XCTAssertEqual(UndefinedReferenceRule.related("safety-director", among: roles),
                       ["land-director", "market-director", "realestate-director", "safety-head", "safety-officer"])
        XCTAssertEqual(UndefinedReferenceRule.related("market-director", among: roles + ["x"]).map { $0.first }, "market-director")
        XCTAssertNil(UndefinedReferenceRule.related("chief", among: roles))
        XCTAssertNil(UndefinedReferenceRule.related("hd", among: ["hd-x"]), "words of 3 letters or more")
    }
}
