import Foundation
import ShenpiScenario
import ShenpiTestSupport
import XCTest

/// Call steps run as sub-cases (子办件) in scenarios as in the daemon: the
/// store's engine opens them, hands their outcome back and withdraws them;
/// `case:` acts on and checks them. On `fixtures/subcases/parent.yaml`:
/// `site-inspection` calls `subcase-child` (one `inspect` step, 3 workdays).
final class ScenarioSubcaseTests: XCTestCase {
    let parent = """
        scenario: 子办件
        flow: ../subcases/parent.yaml
        start: 2025-11-03T09:00+08:00
        case: P-1
        actors: { w1: [window], i1: [inspector] }
        steps:
          - submit:
              fields: { applicant-name: 赵明, site: 滨江路 8 号 }
              materials: [application, site-plan]

        """

    func run(_ steps: String, head: String? = nil, directory: String = TestSupport.path("fixtures/scenarios")) -> ScenarioResult {
        var runner = ScenarioRunner(workingDirectory: TestSupport.repositoryRoot)
        return runner.run(text: (head ?? parent) + steps, file: "inline.yaml", directory: directory)
    }

    func testACallOpensASubcaseWithTheParentsValuesAndItsOutcomeMovesTheParentOn() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
                expect: { active: [site-inspection, paper-review] }
              - expect:
                  case: site-inspection
                  status: active
                  active: [inspect]
                  step-due: { inspect: 2025-11-06 }
                  events: [{ fact: submitted, by: P-1 }]
              - decide: { case: site-inspection, step: inspect, decision: pass, by: i1 }
                expect: { case: site-inspection, status: finished, outcome: passed }
              - expect:
                  active: [paper-review]
                  events: [{ fact: decided, step: site-inspection, decision: passed, by: P-1~site-inspection~1 }]
            """)
        XCTAssertEqual(r.failures, [])
    }

    func testDecidingACallStepByHandIsRefusedAsInTheDaemon() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
              - decide: { step: site-inspection, decision: passed, by: w1 }
                expect-error: subcase-step
              - decide: { step: site-inspection, decision: passed, by: w1 }
            """)
        XCTAssertEqual(r.failures, [
            "inline.yaml:13: decide was refused: subcase-step: step site-inspection runs as a sub-case of flow subcase-child; "
                + "it moves on when that case finishes (act on the sub-case with case: site-inspection)",
        ])
    }

    func testAFinishedSubcaseIsNotRatedByItself() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
              - decide: { case: site-inspection, step: inspect, decision: pass, by: i1 }
              - rate: { case: site-inspection, level: 5 }
                expect-error: subcase-rating
              - rate: { case: site-inspection, level: 5 }
            """)
        XCTAssertEqual(r.failures, ["inline.yaml:14: rate was refused: subcase-rating: case P-1~site-inspection~1 is a sub-case of P-1; the applicant rates P-1"])
    }

    func testRefusingTheParentWithdrawsTheSubcaseWhichCannotBeWithdrawnByItself() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
              - withdraw: { case: site-inspection }
                expect-error: subcase-withdraw
              - decide: { step: paper-review, decision: fail, by: w1, comment: 图纸不符合规范 }
                expect: { status: finished, outcome: refused }
              - expect:
                  case: site-inspection
                  outcome: withdrawn
                  timers: []
                  events: [{ fact: withdrawn, by: P-1 }]
            """)
        XCTAssertEqual(r.failures, [])
    }

    func testSubcaseTimersFireOnTheVirtualClockAndEachCaseHasItsOwnWindow() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
              - decide: { step: paper-review, decision: pass, by: w1 }
                expect: { notifications: [] }
              - advance: 4 workdays
                expect: { notifications: [] }
              - expect:
                  case: site-inspection
                  active: [inspect]
                  events: [{ fact: timer-fired, kind: step-timeout }]
                  notifications: [{ to: inspector }]
              - expect: { case: site-inspection, events: [], notifications: [] }
            """)
        XCTAssertEqual(r.failures, [], "the parent's expectations neither see nor consume the sub-case's timer")
    }

    func testCaseBeforeTheCallStepIsEnteredFailsTheScenario() {
        let r = run("""
              - decide: { case: site-inspection, step: inspect, decision: pass, by: i1 }
            """)
        XCTAssertEqual(r.failures, ["inline.yaml:10: case: step site-inspection has not opened a sub-case yet"])
        let e = run("""
              - expect: { case: site-inspection, status: active }
            """)
        XCTAssertEqual(e.failures, ["inline.yaml:10: case: step site-inspection has not opened a sub-case yet"])
    }

    func testCaseNamingAStepThatIsNotACallIsMalformed() {
        let r = run("""
              - decide: { case: accept, step: inspect, decision: pass, by: i1 }
              - expect: { case: nowhere, status: active }
            """)
        XCTAssertEqual(r.failures, [
            "inline.yaml:10:21: error: \"accept\" is not a call step of flow subcase-parent; \"case:\" names a call step, "
                + "whose sub-case the command or expectation is for (call steps: site-inspection) [scenario-not-a-call]",
            "inline.yaml:11:21: error: \"nowhere\" is not a step of flow subcase-parent; \"case:\" names a call step, "
                + "whose sub-case the command or expectation is for (call steps: site-inspection) [scenario-not-a-call]",
        ])
    }

    /// A call entered again opens a new sub-case: `case:` names the latest.
    func testCaseNamesTheLatestSubcaseOfACallEnteredAgain() throws {
        let dir = try catalog(loop: flow("loop-parent", limit: "20 workdays") + """
            steps:
              - { id: accept, role: window, limit: 1 workday, decisions: { accept: check, refuse: refused } }
              - { id: check, call: loop-child, outcomes: { passed: approved, failed: fix } }
              - { id: fix, role: window, limit: 1 workday, decisions: { fixed: check, refuse: refused } }
            outcomes:
              - { id: approved, title: 准予许可, kind: granted }
              - { id: refused, title: 不予许可, kind: refused }
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = """
            scenario: 复查
            flow: loop-parent.yaml
            start: 2025-11-03T09:00+08:00
            case: L-1
            actors: { w1: [window], i1: [inspector] }
            steps:
              - submit: { fields: { site: 滨江路 8 号 } }
              - decide: { step: accept, decision: accept, by: w1 }
              - decide: { case: check, step: inspect, decision: fail, by: i1, comment: 检测不合格 }
              - decide: { step: fix, decision: fixed, by: w1 }

            """
        let r = run("""
              - expect: { case: check, status: active, active: [inspect], events: [{ fact: submitted, by: L-1 }] }
              - decide: { case: check, step: inspect, decision: pass, by: i1 }
                expect: { outcome: approved }
            """, head: head, directory: dir)
        XCTAssertEqual(r.failures, [])
    }

    /// A flow whose called flow fails lint cannot run at all: said before
    /// the first step, naming the callee's file and first error, instead
    /// of a refusal ("no deployed machine") when the call step is entered.
    func testACalledFlowThatFailsLintStopsTheScenarioBeforeItRuns() throws {
        let dir = try catalog(loop: flow("loop-parent", limit: "20 workdays") + """
            steps:
              - { id: accept, role: window, limit: 1 workday, decisions: { accept: check, refuse: refused } }
              - { id: check, call: loop-child, outcomes: { passed: approved, failed: refused } }
            outcomes:
              - { id: approved, title: 准予许可, kind: granted }
              - { id: refused, title: 不予许可, kind: refused }
            """, breakChild: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
            """, head: """
            scenario: 复查
            flow: loop-parent.yaml
            start: 2025-11-03T09:00+08:00
            case: L-1
            actors: { w1: [window] }
            steps:
              - submit: { fields: { site: 滨江路 8 号 } }

            """, directory: dir)
        XCTAssertEqual(r.failures.count, 1)
        let failure = r.failures.first ?? ""
        XCTAssert(failure.hasPrefix("inline.yaml:2:7: error: cannot run flow \"loop-parent.yaml\": step check calls flow loop-child, "
            + "which cannot be deployed beside it: "), failure)
        XCTAssert(failure.contains("loop-child.yaml: the flow has 3 lint errors, first: "), failure)
        XCTAssert(failure.hasSuffix("[scenario-flow]"), failure)
    }

    /// A folder with a registry, the flow `loop` and the sub-flow `loop-child`
    /// (with a misspelt key when `breakChild`).
    func catalog(loop: String, breakChild: Bool = false) throws -> String {
        let dir = NSTemporaryDirectory() + "shenpi-subcase-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let registry = """
            registry: loop
            title: 复查中心
            departments: [{ id: center, title: 政务服务中心 }]
            roles:
              - { id: window, title: 窗口, department: center }
              - { id: inspector, title: 核查员, department: center }
            """
        let head = flow("loop-child", limit: "5 workdays")
        let child = (breakChild ? head.replacingOccurrences(of: "title:", with: "titel:") : head) + """
            steps:
              - { id: inspect, role: inspector, limit: 3 workdays, decisions: { pass: passed, fail: failed } }
            outcomes:
              - { id: passed, title: 通过, kind: granted }
              - { id: failed, title: 不通过, kind: refused }
            """
        for (name, text) in [("registry.yaml", registry), ("loop-parent.yaml", loop), ("loop-child.yaml", child)] {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// A flow's head up to its steps: one field, `site`, which the call hands on.
    func flow(_ id: String, limit: String) -> String { SubcaseFlowHead.text(id, limit: limit) }
}
