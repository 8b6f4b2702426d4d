import ShenpiRender
import XCTest

/// Each construct of the language, drawn in both formats.
final class GraphConstructTests: XCTestCase {
    static let taskFlow = GraphFixture.yaml(steps: """
          - id: accept
            title: 受理
            role: window
            limit: 5 workdays
            on-timeout: accept
            decisions:
              accept: review
              supplement: { request-supplement: true, next: accept }
              refuse: not-accepted
          - id: review
            title: 审查
            role: reviewer
            limit: 2 workdays
            decisions:
              expert: { pause: expert-review, expected: 20 workdays, next: review }
              expert-done: { resume: true, next: review }
              extend: { extend: 10 workdays, next: review }
              pass: approved
              fail: refused
        """)

    func testStartIsMarkedAndLeadsToTheFirstStep() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        XCTAssertEqual(r.diagram.node("start")?.kind, .start)
        XCTAssertEqual(r.diagram.edges.first, GraphEdge(from: "start", to: "step_accept"))
        XCTAssertTrue(r.mermaid().contains("    start((\"开始\"))\n"))
        XCTAssertTrue(r.mermaid().contains("    start --> step_accept\n"))
        XCTAssertTrue(r.dot().contains("\"start\" [label=\"开始\", shape=circle"))
    }

    func testTaskShowsTitleRoleTitleAndLimit() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        XCTAssertEqual(r.diagram.node("step_accept")?.lines, ["受理", "综合受理窗口 · 5 个工作日"])
        XCTAssertEqual(r.diagram.node("step_review")?.lines, ["审查", "审查员 · 2 个工作日"])
        XCTAssertTrue(r.mermaid().contains("    step_accept[\"受理<br/>综合受理窗口 · 5 个工作日\"]\n"))
        XCTAssertTrue(r.dot().contains("\"step_accept\" [label=\"受理\\n综合受理窗口 · 5 个工作日\", shape=box, style=filled"))
    }

    /// The title names the limits, and an immediate item (即办件) as such.
    func testTheTitleNamesTheKindOfAnImmediateItem() throws {
        XCTAssertEqual(try GraphFixture.real("workflows/tax/deed-tax.yaml").diagram.title, "契税征收（存量房买卖） · 即办件 · 承诺 1 个工作日")
        XCTAssertEqual(try GraphFixture.real("workflows/meteorology/lightning-design.yaml").diagram.title,
                       "防雷装置设计审核 · 法定 20 个工作日 · 承诺 10 个工作日")
    }

    func testWithoutARegistryRolesAreShownByID() throws {
        let r = try GraphFixture.renderer(Self.taskFlow, registry: false)
        XCTAssertEqual(r.diagram.node("step_accept")?.lines, ["受理", "window · 5 个工作日"])
    }

    func testDecisionsAreLabelledEdgesWithWhatTheyDo() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        let edges = r.diagram.edges.filter { $0.style == .normal }.map { "\($0.from)>\($0.to): \($0.lines.joined(separator: "/"))" }
        XCTAssertEqual(edges, [
            "start>step_accept: ",
            "step_accept>step_review: accept",
            "step_accept>step_accept: supplement/一次性告知补正",
            "step_accept>outcome_not_accepted: refuse",
            "step_review>step_review: expert/停止计时：专家评审（约 20 个工作日）",
            "step_review>step_review: expert-done/恢复计时",
            "step_review>step_review: extend/延长 10 个工作日",
            "step_review>outcome_approved: pass",
            "step_review>outcome_refused: fail",
        ])
        XCTAssertTrue(r.mermaid().contains("    step_accept -->|\"supplement<br/>一次性告知补正\"| step_accept\n"))
        XCTAssertTrue(r.dot().contains("    \"step_review\" -> \"outcome_refused\" [label=\"fail\"]\n"))
    }

    func testTimeoutIsADashedAutomaticEdge() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        let timeouts = r.diagram.edges.filter { $0.style == .timeout }
        XCTAssertEqual(timeouts, [GraphEdge(from: "step_accept", to: "step_review", lines: ["超时自动（accept）"], style: .timeout)])
        let mermaid = r.mermaid()
        XCTAssertTrue(mermaid.contains("    step_accept -.->|\"超时自动（accept）\"| step_review\n"))
        // linkStyle counts edges from 0 in the order they are written.
        let index = try XCTUnwrap(r.diagram.edges.firstIndex { $0.style == .timeout })
        XCTAssertTrue(mermaid.contains("    linkStyle \(index) stroke:#d35400,color:#d35400\n"), mermaid)
        XCTAssertTrue(r.dot().contains("\"step_accept\" -> \"step_review\" [label=\"超时自动（accept）\", style=dashed"))
    }

    func testOutcomesAreStyledByKind() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        let mermaid = r.mermaid()
        XCTAssertTrue(mermaid.contains("    outcome_approved([\"准予许可\"])\n"))
        XCTAssertTrue(mermaid.contains("    classDef granted fill:#d9f2d9,stroke:#2e7d32,color:#1b5e20\n    class outcome_approved granted\n"))
        XCTAssertTrue(mermaid.contains("    class outcome_refused,outcome_not_accepted refused\n"))
        XCTAssertTrue(mermaid.contains("    class outcome_withdrawn withdrawn\n"))
        let dot = r.dot()
        XCTAssertTrue(dot.contains("\"outcome_approved\" [label=\"准予许可\", shape=box, style=\"rounded,filled,bold\", fillcolor=\"#d9f2d9\", color=\"#2e7d32\""))
        XCTAssertTrue(dot.contains("\"outcome_not_accepted\" [label=\"不予受理\", shape=box, style=\"rounded,filled,bold\", fillcolor=\"#fbe0e0\", color=\"#c62828\""))
        XCTAssertTrue(dot.contains("\"outcome_withdrawn\" [label=\"申请人撤回\", shape=box, style=\"rounded,filled,bold\", fillcolor=\"#eeeeee\", color=\"#888888\""))
    }

    func testWithdrawalIsDrawnFromTheStart() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        XCTAssertEqual(r.diagram.edges.last, GraphEdge(from: "start", to: "outcome_withdrawn", lines: ["申请人随时撤回"], style: .withdrawal))
        XCTAssertTrue(r.mermaid().contains("    start -.->|\"申请人随时撤回\"| outcome_withdrawn\n"))
        XCTAssertTrue(r.dot().contains("\"start\" -> \"outcome_withdrawn\" [label=\"申请人随时撤回\", style=dotted"))
    }

    static func parallelFlow(join: String) -> String {
        GraphFixture.yaml(steps: """
              - { id: accept, title: 受理, role: window, decisions: { accept: joint, refuse: not-accepted } }
              - id: joint
                title: 联合审查
                parallel:
                  join: \(join)
                  branches:
                    - id: first-branch
                      title: 甲部门
                      steps:
                        - { id: a-review, title: 甲审查, role: reviewer, decisions: { pass: a-sign, fail: refused } }
                        - { id: a-sign, title: 甲签发, role: head, decisions: { sign: done } }
                    - id: second-branch
                      title: 乙部门
                      steps:
                        - { id: b-review, title: 乙审查, role: reviewer, decisions: { pass: done, fail: refused } }
                    - id: third-branch
                      steps:
                        - { id: c-review, title: 丙审查, role: reviewer, decisions: { pass: done } }
                next: issue
              - { id: issue, title: 出件, role: window, decisions: { issue: approved } }
            """)
    }

    func testParallelBlockIsAGroupWithBranchesForkAndJoin() throws {
        let r = try GraphFixture.renderer(Self.parallelFlow(join: "all"))
        let block = try XCTUnwrap(r.diagram.groups.first)
        XCTAssertEqual(block.id, "block_joint")
        XCTAssertEqual(block.kind, .parallel)
        XCTAssertEqual(block.label, "联合审查（全部办结）")
        XCTAssertEqual(r.diagram.groups.filter { $0.kind == .branch }.map(\.label), ["甲部门", "乙部门", "third-branch"])
        XCTAssertEqual(r.diagram.node("step_joint")?.kind, .fork)
        XCTAssertEqual(r.diagram.node("step_joint")?.lines, ["并联：分送 3 个分支"])
        XCTAssertEqual(r.diagram.node("join_joint")?.lines, ["汇合：全部 3 个分支办结"])
        let edges = r.diagram.edges.map { "\($0.from)>\($0.to)" }
        // The decision into the block goes to its fork; the fork to each branch's first step.
        for e in ["step_accept>step_joint", "step_joint>step_a_review", "step_joint>step_b_review", "step_joint>step_c_review",
                  "step_a_sign>join_joint", "step_b_review>join_joint", "step_c_review>join_joint", "join_joint>step_issue",
                  "step_b_review>outcome_refused"] {
            XCTAssertTrue(edges.contains(e), e)
        }
        let mermaid = r.mermaid()
        XCTAssertTrue(mermaid.contains("""
                subgraph block_joint ["联合审查（全部办结）"]
                    step_joint[/"并联：分送 3 个分支"\\]
                    subgraph branch_first_branch ["甲部门"]
                        step_a_review["甲审查<br/>审查员"]
                        step_a_sign["甲签发<br/>负责人"]
                    end
            """), mermaid)
        XCTAssertTrue(mermaid.contains("        join_joint[\\\"汇合：全部 3 个分支办结\"/]\n    end\n"), mermaid)
        let dot = r.dot()
        XCTAssertTrue(dot.contains("    subgraph \"cluster_block_joint\" {\n        graph [label=\"联合审查（全部办结）\", style=\"rounded,dashed\""), dot)
        XCTAssertTrue(dot.contains("        subgraph \"cluster_branch_second_branch\" {\n            graph [label=\"乙部门\""), dot)
        XCTAssertTrue(dot.contains("\"join_joint\" [label=\"汇合：全部 3 个分支办结\", shape=invtrapezium"), dot)
        XCTAssertTrue(dot.contains("\"step_joint\" [label=\"并联：分送 3 个分支\", shape=trapezium"), dot)
    }

    func testJoinRules() throws {
        let any = try GraphFixture.renderer(Self.parallelFlow(join: "any"))
        XCTAssertEqual(any.diagram.groups.first?.label, "联合审查（任一办结）")
        XCTAssertEqual(any.diagram.node("join_joint")?.lines, ["汇合：任一分支办结，其余撤销"])
        let two = try GraphFixture.renderer(Self.parallelFlow(join: "2"))
        XCTAssertEqual(two.diagram.groups.first?.label, "联合审查（3 个中 2 个办结）")
        XCTAssertEqual(two.diagram.node("join_joint")?.lines, ["汇合：3 个分支中 2 个办结，其余撤销"])
        // `join: 3` of 3 waits for all: nothing is left to cancel (docs pass).
        let three = try GraphFixture.renderer(Self.parallelFlow(join: "3"))
        XCTAssertEqual(three.diagram.groups.first?.label, "联合审查（全部办结）")
        XCTAssertEqual(three.diagram.node("join_joint")?.lines, ["汇合：全部 3 个分支办结"])
        XCTAssertEqual(GuideWords.join(.count(3), branches: 3), GuideWords.join(.all))
        XCTAssertEqual(GuideWords.join(.count(2), branches: 3), "各部门同时办理，其中 2 个部门办结后进入下一环节，其余部门停止办理")
    }

    static let routeFlow = GraphFixture.yaml(steps: """
          - id: triage
            title: 分流
            route:
              - when: age(id-number) * 2 >= 130 and name != "x<y>"
                next: accept
              - otherwise: not-accepted
          - { id: accept, title: 受理, role: window, decisions: { accept: approved } }
        """, extra: """
        fields:
          - { id: id-number, title: 公民身份号码, type: resident-id }
          - { id: name, title: 姓名, type: string }
        """)

    func testRouteIsADiamondWithConditionsOnItsEdges() throws {
        let r = try GraphFixture.renderer(Self.routeFlow)
        XCTAssertEqual(r.diagram.node("step_triage")?.kind, .route)
        let arms = r.diagram.edges.filter { $0.from == "step_triage" }
        XCTAssertEqual(arms.map(\.lines), [["age(id-number) * 2 >= 130 and name != \"x<y>\""], ["否则"]], "arithmetic: as written")
        XCTAssertEqual(arms.map(\.to), ["step_accept", "outcome_not_accepted"])
        let mermaid = r.mermaid()
        XCTAssertTrue(mermaid.contains("    step_triage{\"分流\"}\n"))
        XCTAssertTrue(mermaid.contains("    step_triage -->|\"age(id-number) * 2 #gt;= 130 and name != #quot;x#lt;y#gt;#quot;\"| step_accept\n"), mermaid)
        XCTAssertTrue(mermaid.contains("    step_triage -->|\"否则\"| outcome_not_accepted\n"))
        let dot = r.dot()
        XCTAssertTrue(dot.contains("\"step_triage\" [label=\"分流\", shape=diamond"))
        XCTAssertTrue(dot.contains("\"step_triage\" -> \"step_accept\" [label=\"age(id-number) * 2 >= 130 and name != \\\"x<y>\\\"\"]"), dot)
        // A condition that can be said in words is, as the service guide says it.
        let said = try GraphFixture.renderer(Self.routeFlow.replacingOccurrences(of: "age(id-number) * 2 >= 130", with: "age(id-number) >= 65"))
        XCTAssertEqual(said.diagram.edges.first { $0.from == "step_triage" }?.lines, ["年满 65 周岁（按公民身份号码），且姓名不为“x<y>”"])
        // Arms are tried in order: a later one reads 否则 first, or 65 would seem to take both.
        let two = try GraphFixture.renderer(Self.routeFlow.replacingOccurrences(
            of: "age(id-number) * 2 >= 130 and name != \"x<y>\"\n        next: accept\n",
            with: "age(id-number) >= 70\n        next: accept\n      - when: age(id-number) >= 60\n        next: accept\n"))
        XCTAssertEqual(two.diagram.edges.filter { $0.from == "step_triage" }.map(\.lines),
                       [["年满 70 周岁（按公民身份号码）"], ["否则，年满 60 周岁（按公民身份号码）"], ["否则"]])
    }

    static let waitAndCallFlow = GraphFixture.yaml(steps: """
          - { id: accept, title: 受理, role: window, decisions: { accept: notice } }
          - id: notice
            title: 公示
            wait: 3 days
            next: check
          - id: check
            title: 联合核验
            call: sub-check
            outcomes:
              ok: approved
              bad: refused
        """)

    func testWaitIsAHexagonThatMovesOnWhenThePeriodEnds() throws {
        let r = try GraphFixture.renderer(Self.waitAndCallFlow)
        XCTAssertEqual(r.diagram.node("step_notice")?.kind, .wait)
        XCTAssertEqual(r.diagram.node("step_notice")?.lines, ["公示", "等待 3 日"])
        XCTAssertTrue(r.diagram.edges.contains(GraphEdge(from: "step_notice", to: "step_check", lines: ["期满"])))
        XCTAssertTrue(r.mermaid().contains("    step_notice{{\"公示<br/>等待 3 日\"}}\n"))
        XCTAssertTrue(r.dot().contains("\"step_notice\" [label=\"公示\\n等待 3 日\", shape=hexagon"))
    }

    func testCallIsASubroutineWithAnEdgePerCalledOutcome() throws {
        let r = try GraphFixture.renderer(Self.waitAndCallFlow)
        XCTAssertEqual(r.diagram.node("step_check")?.kind, .call)
        XCTAssertEqual(r.diagram.node("step_check")?.lines, ["联合核验", "子流程 sub-check"])
        let edges = r.diagram.edges.filter { $0.from == "step_check" }
        XCTAssertEqual(edges, [GraphEdge(from: "step_check", to: "outcome_approved", lines: ["ok"]),
                               GraphEdge(from: "step_check", to: "outcome_refused", lines: ["bad"])])
        XCTAssertTrue(r.mermaid().contains("    step_check[[\"联合核验<br/>子流程 sub-check\"]]\n"))
        XCTAssertTrue(r.dot().contains("\"step_check\" [label=\"联合核验\\n子流程 sub-check\", shape=component"))
    }

    func testTitleCarriesTheCaseLimits() throws {
        let r = try GraphFixture.renderer(Self.taskFlow)
        XCTAssertEqual(r.diagram.title, "测试事项 · 法定 20 个工作日 · 承诺 10 个工作日")
        XCTAssertTrue(r.mermaid().hasPrefix("---\ntitle: \"测试事项 · 法定 20 个工作日 · 承诺 10 个工作日\"\n---\nflowchart TD\n"))
        XCTAssertTrue(r.dot().hasPrefix("digraph \"test-flow\" {\n    graph [label=\"测试事项 · 法定 20 个工作日 · 承诺 10 个工作日\", labelloc=t"))
    }

    func testEveryConstructLaysOutWithGraphviz() throws {
        guard Graphviz.locate() != nil else { throw XCTSkip("Graphviz's dot is not installed") }
        for flow in [Self.taskFlow, Self.parallelFlow(join: "2"), Self.routeFlow, Self.waitAndCallFlow] {
            let svg = try XCTUnwrap(try GraphFixture.svg(try GraphFixture.renderer(flow).dot()))
            XCTAssertTrue(svg.contains("</svg>"))
        }
    }
}
