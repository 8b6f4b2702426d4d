import Foundation
import ShenpiScenario
import XCTest

/// `case:` as a path of call steps (`check/lab`): a sub-case of a sub-case
/// is acted on, checked and refused as the scenario's own sub-cases are.
/// `nest-top` calls `nest-mid` at `check`; `nest-mid` reviews, then calls
/// `nest-leaf` at `lab`; `nest-leaf` has one step, `measure`.
final class ScenarioNestedSubcaseTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "shenpi-nested-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let files = [
            "registry.yaml": """
                registry: nest
                title: 复查中心
                departments: [{ id: center, title: 政务服务中心 }]
                roles:
                  - { id: window, title: 窗口, department: center }
                  - { id: inspector, title: 核查员, department: center }
                """,
            "nest-top.yaml": head("nest-top", limit: "20 workdays") + """
                steps:
                  - { id: accept, role: window, limit: 1 workday, decisions: { accept: check, refuse: refused } }
                  - { id: check, call: nest-mid, outcomes: { passed: approved, failed: refused } }
                outcomes:
                  - { id: approved, title: 准予许可, kind: granted }
                  - { id: refused, title: 不予许可, kind: refused }
                """,
            "nest-mid.yaml": head("nest-mid", limit: "10 workdays") + """
                steps:
                  - { id: review, role: inspector, limit: 2 workdays, decisions: { pass: lab, fail: failed } }
                  - { id: lab, call: nest-leaf, outcomes: { passed: passed, failed: failed } }
                outcomes:
                  - { id: passed, title: 通过, kind: granted }
                  - { id: failed, title: 不通过, kind: refused }
                """,
            // `site` optional here, required by the flow it calls.
            "nest-loose.yaml": head("nest-loose", limit: "20 workdays", siteRequired: false) + """
                steps:
                  - { id: accept, role: window, limit: 1 workday, decisions: { accept: lab, refuse: refused } }
                  - { id: lab, call: nest-leaf, outcomes: { passed: approved, failed: refused } }
                outcomes:
                  - { id: approved, title: 准予许可, kind: granted }
                  - { id: refused, title: 不予许可, kind: refused }
                """,
            "nest-leaf.yaml": head("nest-leaf", limit: "5 workdays") + """
                steps:
                  - { id: measure, role: inspector, limit: 3 workdays, decisions: { pass: passed, fail: failed } }
                outcomes:
                  - { id: passed, title: 通过, kind: granted }
                  - { id: failed, title: 不通过, kind: refused }
                """,
        ]
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func head(_ id: String, limit: String, siteRequired: Bool = true) -> String {
        SubcaseFlowHead.text(id, limit: limit, siteRequired: siteRequired)
    }

    func run(_ steps: String) -> ScenarioResult {
        var runner = ScenarioRunner(workingDirectory: dir)
        let text = """
            scenario: 两级子办件
            flow: nest-top.yaml
            start: 2025-11-03T09:00+08:00
            case: N-1
            actors: { w1: [window], i1: [inspector] }
            steps:
              - submit: { fields: { site: 滨江路 8 号 } }
              - decide: { step: accept, decision: accept, by: w1 }

            """ + steps
        return runner.run(text: text, file: "inline.yaml", directory: dir)
    }

    func testAPathOfCallStepsNamesTheSubcaseOfASubcase() {
        let r = run("""
              - decide: { case: check, step: review, decision: pass, by: i1 }
                expect: { case: check, active: [lab] }
              - expect:
                  case: check/lab
                  status: active
                  active: [measure]
                  step-due: { measure: 2025-11-06 }
                  events: [{ fact: submitted, by: N-1~check~1 }]
              - decide: { case: check/lab, step: measure, decision: pass, by: i1 }
                expect: { case: check/lab, status: finished, outcome: passed }
              - expect: { case: check, status: finished, outcome: passed }
              - expect: { status: finished, outcome: approved }
            """)
        XCTAssertEqual(r.failures, [])
    }

    func testTheNestedSubcaseIsRefusedWhatAnySubcaseIs() {
        let r = run("""
              - decide: { case: check, step: review, decision: pass, by: i1 }
              - decide: { case: check, step: lab, decision: passed, by: i1 }
                expect-error: subcase-step
              - withdraw: { case: check/lab }
                expect-error: subcase-withdraw
              - decide: { case: check, step: lab, decision: passed, by: i1 }
            """)
        XCTAssertEqual(r.failures, [
            "inline.yaml:14: decide was refused: subcase-step: step lab runs as a sub-case of flow nest-leaf; "
                + "it moves on when that case finishes (act on the sub-case with case: check/lab)",
        ])
        let w = run("""
              - decide: { case: check, step: review, decision: pass, by: i1 }
              - withdraw: { case: check/lab }
            """)
        XCTAssertEqual(w.failures, [
            "inline.yaml:10: withdraw was refused: subcase-withdraw: case N-1~check~1~lab~1 is a sub-case of N-1~check~1; withdraw N-1 instead",
        ])
    }

    func testAPathWhoseLaterStepHasNotOpenedASubcaseFailsTheScenario() {
        let r = run("""
              - expect: { case: check/lab, status: active }
            """)
        XCTAssertEqual(r.failures, ["inline.yaml:9: case: step lab of the sub-case check has not opened a sub-case yet"])
    }

    func testAPathThroughAStepThatIsNotACallIsMalformed() {
        let r = run("""
              - expect: { case: check/review, status: active }
              - expect: { case: check/lab/measure, status: active }
            """)
        XCTAssertEqual(r.failures, [
            "inline.yaml:9:21: error: \"review\" is not a call step of flow nest-mid (the sub-case of check); \"case:\" names a call step, "
                + "whose sub-case the command or expectation is for (call steps: lab) [scenario-not-a-call]",
            "inline.yaml:10:21: error: \"measure\" is not a call step of flow nest-leaf (the sub-case of check/lab); \"case:\" names a call step, "
                + "whose sub-case the command or expectation is for (the flow has no call steps) [scenario-not-a-call]",
        ])
    }

    /// A field the caller may leave blank but the called flow requires: the
    /// call is refused as a blank submission to the called flow would be.
    func testABlankFieldTheCalledFlowRequiresRefusesTheCall() {
        var runner = ScenarioRunner(workingDirectory: dir)
        let r = runner.run(text: """
            scenario: 可选字段留空
            flow: nest-loose.yaml
            start: 2025-11-03T09:00+08:00
            case: L-1
            actors: { w1: [window] }
            steps:
              - submit: { fields: { site: "  " } }
              - decide: { step: accept, decision: accept, by: w1 }
                expect-error: { kind: subcase-refused, contains: 'field "site": a required field cannot be blank' }
              - expect: { active: [accept] }
            """, file: "inline.yaml", directory: dir)
        XCTAssertEqual(r.failures, [])
    }

    /// A flow two calls down that fails lint stops the scenario before it
    /// runs, naming the call step and the flow it is in.
    func testAFlowThatFailsLintTwoCallsDownStopsTheScenario() throws {
        let leaf = dir + "/nest-leaf.yaml"
        try (try String(contentsOfFile: leaf, encoding: .utf8)).replacingOccurrences(of: "kind: promised", with: "kind: promissed")
            .write(toFile: leaf, atomically: true, encoding: .utf8)
        let r = run("")
        XCTAssertEqual(r.failures.count, 1)
        let failure = r.failures.first ?? ""
        XCTAssert(failure.hasPrefix("inline.yaml:2:7: error: cannot run flow \"nest-top.yaml\": step lab of flow nest-mid calls flow nest-leaf, "
            + "which cannot be deployed beside it: "), failure)
        XCTAssert(failure.contains("nest-leaf.yaml: the flow has 1 lint error, first: "), failure)
    }
}


