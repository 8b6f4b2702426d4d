import Foundation
import ShenpiScenario
import XCTest

/// Four-eyes after a join counts a branch that ended through a route: the
/// officer who decided its last task finished it, as much as one whose
/// decision went straight to `done`.
final class FourEyesRouteJoinTests: XCTestCase {
    func testTheDeciderOfABranchThatEndsThroughARouteMayNotDecideTheFourEyesStep() throws {
        let dir = NSTemporaryDirectory() + "shenpi-4eyes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let registry = """
            registry: fe
            title: 中心
            departments: [{ id: center, title: 政务服务中心 }]
            roles:
              - { id: window, title: 窗口, department: center }
              - { id: checker, title: 核查员, department: center }
              - { id: head, title: 负责人, department: center }
            """
        let flow = """
            workflow: fe-route
            version: 1
            title: 四眼
            department: center
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 10 workdays }
            fields:
              - { id: urgent, title: 加急, type: boolean, required: true }
            steps:
              - { id: accept, role: window, decisions: { accept: joint, refuse: refused } }
              - id: joint
                parallel:
                  join: all
                  branches:
                    - id: a
                      steps:
                        - { id: a-check, role: checker, limit: 2 workdays, decisions: { pass: a-route } }
                        - id: a-route
                          route:
                            - when: urgent
                              next: done
                            - otherwise: done
                    - id: b
                      steps:
                        - { id: b-check, role: checker, limit: 2 workdays, decisions: { pass: done } }
                next: sign
              - { id: sign, role: head, four-eyes: true, limit: 2 workdays, decisions: { approve: approved, refuse: refused } }
            outcomes:
              - { id: approved, title: 准予, kind: granted }
              - { id: refused, title: 不予, kind: refused }
            """
        try registry.write(toFile: dir + "/registry.yaml", atomically: true, encoding: .utf8)
        try flow.write(toFile: dir + "/fe-route.yaml", atomically: true, encoding: .utf8)
        var runner = ScenarioRunner(workingDirectory: dir)
        let r = runner.run(text: """
            scenario: 经路由结束的分支也算
            flow: fe-route.yaml
            start: 2025-11-03T09:00+08:00
            case: F-1
            actors: { w1: [window], x: [checker, head], y: [checker, head] }
            steps:
              - submit: { fields: { urgent: false } }
              - decide: { step: accept, decision: accept, by: w1 }
              - decide: { step: a-check, decision: pass, by: x }
              - decide: { step: b-check, decision: pass, by: y }
                expect: { active: [sign] }
              - decide: { step: sign, decision: approve, by: x }
                expect-error: four-eyes-violated
              - decide: { step: sign, decision: approve, by: y }
                expect-error: four-eyes-violated
            """, file: "inline.yaml", directory: dir)
        XCTAssertEqual(r.failures, [])
    }
}
