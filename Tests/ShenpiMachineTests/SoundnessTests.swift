import ShenpiBench
import ShenpiLanguage
import ShenpiMachine
import ShenpiRules
import ShenpiSyntax
import XCTest

final class SoundnessTests: XCTestCase {
    func machine(_ yaml: String) throws -> Machine {
        let doc = Loader().load(text: yaml, file: "t.yaml")
        XCTAssertEqual(doc.diagnostics, [])
        let (flow, diags) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        XCTAssertEqual(diags, [])
        return try XCTUnwrap(MachineCompiler.compile(flow, index: FlowIndex(flow))?.machine)
    }

    func testWideParallelFlowIsSound() throws {
        let m = try machine(StressFlow.yaml(branches: 12, steps: 5))
        XCTAssertEqual(m.blocks.first?.branches.count, 12)
        XCTAssertEqual(m.nodes.count, 12 * 5 + 3)
        XCTAssertEqual(Soundness(m).findings, [])
    }

    func testOneTrappedBranchOfTwelveDeadlocksAJoinAll() throws {
        // Branch b7's last step may loop on itself forever.
        let yaml = StressFlow.yaml(branches: 12, steps: 5)
            .replacingOccurrences(of: "{ id: b7-s4, role: window, limit: 1 workday, decisions: { pass: done, back: b7-s3, refuse: refused } }",
                with: "{ id: b7-s4, role: window, limit: 1 workday, decisions: { pass: done, back: b7-s3, refuse: refused, park: b7-s5 } }\n            - { id: b7-s5, role: window, decisions: { wait: b7-s5 } }")
        let m = try machine(yaml)
        let findings = Soundness(m).findings
        XCTAssertEqual(findings.count, 1, "\(findings)")
        guard case .blockDeadlock(let b, let path, let traps)? = findings.first, traps.count == 1 else { return XCTFail("\(findings)") }
        XCTAssertEqual(b, 0)
        XCTAssertEqual(path.map { "\(m.nodes[$0.node].id):\($0.label)" }, ["accept:accept"])
        XCTAssertEqual(m.blocks[0].branches[traps[0].branch].id, "b7")
        XCTAssertEqual(m.nodes[traps[0].node].id, "b7-s5")
        XCTAssertEqual(traps[0].path.map { "\(m.nodes[$0.node].id):\($0.label)" },
            ["b7-s0:pass", "b7-s1:pass", "b7-s2:pass", "b7-s3:pass", "b7-s4:park"])
    }

    func testJoinNeverFiresWhenTooFewBranchesCanEnd() throws {
        let yaml = StressFlow.yaml(branches: 3, steps: 2)
            .replacingOccurrences(of: "join: all", with: "join: 3")
            .replacingOccurrences(of: "decisions: { pass: done, back: b1-s0, refuse: refused }", with: "decisions: { back: b1-s0, refuse: refused }")
        let findings = Soundness(try machine(yaml)).findings
        XCTAssertEqual(findings, [.joinNeverFires(block: 0, canEnd: [0, 2], cannotEnd: [1])])
    }

    func testDeadEndAtTopLevelHasACounterExample() throws {
        let yaml = """
            workflow: t
            version: 1
            title: t
            department: center
            kind: immediate
            calendar: cn
            limits: { legal: 5 workdays }
            steps:
              - { id: a, role: r, decisions: { go: b, stop: ok } }
              - { id: b, role: r, decisions: { again: c } }
              - { id: c, role: r, decisions: { again: b } }
              - { id: orphan, role: r, decisions: { x: ok } }
            outcomes:
              - { id: ok, kind: granted }
            """
        let m = try machine(yaml)
        XCTAssertEqual(Soundness(m).findings, [
            .stuck(node: 1, path: [.init(node: 0, label: "go")]),
            .unreachable(node: 3),
        ])
    }

    func testRefusalOnlyBranchKeepsAnOutcomeReachable() throws {
        // join: any; branch a can be trapped, branch b can never end but can always refuse.
        let yaml = """
            workflow: t
            version: 1
            title: t
            department: center
            kind: immediate
            calendar: cn
            limits: { legal: 5 workdays }
            steps:
              - id: joint
                parallel:
                  join: any
                  branches:
                    - { id: a, steps: [{ id: a1, role: r, decisions: { ok: done, investigate: a2 } }, { id: a2, role: r, decisions: { again: a2 } }] }
                    - { id: b, steps: [{ id: b1, role: r, decisions: { refuse: refused, wait: b1 } }] }
                next: ok
            outcomes:
              - { id: ok, kind: granted }
              - { id: refused, kind: refused }
            """
        XCTAssertEqual(Soundness(try machine(yaml)).findings, [])
    }

    func testJoinTwoOfThreeWithTwoTrappableBranchesIsOneDeadlock() throws {
        let yaml = StressFlow.yaml(branches: 3, steps: 2)
            .replacingOccurrences(of: "join: all", with: "join: 2")
            .replacingOccurrences(of: "{ id: b0-s1, role: window, limit: 1 workday, decisions: { pass: done, back: b0-s0, refuse: refused } }",
                with: "{ id: b0-s1, role: window, limit: 1 workday, decisions: { pass: done, back: b0-s0, refuse: refused, park: b0-s2 } }\n            - { id: b0-s2, role: window, decisions: { wait: b0-s2 } }")
            .replacingOccurrences(of: "{ id: b1-s1, role: window, limit: 1 workday, decisions: { pass: done, back: b1-s0, refuse: refused } }",
                with: "{ id: b1-s1, role: window, limit: 1 workday, decisions: { pass: done, back: b1-s0, refuse: refused, park: b1-s2 } }\n            - { id: b1-s2, role: window, decisions: { wait: b1-s2 } }")
        let m = try machine(yaml)
        let findings = Soundness(m).findings
        guard findings.count == 1, case .blockDeadlock(_, _, let traps) = findings[0] else { return XCTFail("\(findings)") }
        XCTAssertEqual(traps.map { m.nodes[$0.node].id }, ["b0-s2", "b1-s2"])
    }
}
