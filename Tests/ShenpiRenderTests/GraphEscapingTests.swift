import ShenpiRender
import XCTest

/// Ids and labels must never break out of Mermaid or DOT syntax.
final class GraphEscapingTests: XCTestCase {
    func testIDsUseOnlyLettersDigitsAndUnderscores() {
        XCTAssertEqual(GraphID.step("market-review"), "step_market_review")
        XCTAssertEqual(GraphID.outcome("not-accepted"), "outcome_not_accepted")
        XCTAssertEqual(GraphID.join("joint-review"), "join_joint_review")
        XCTAssertEqual(GraphID.block("joint"), "block_joint")
        XCTAssertEqual(GraphID.branch("tax-branch"), "branch_tax_branch")
        // `-` and `_` stay distinguishable.
        XCTAssertEqual(GraphID.safe("id-card"), "id_card")
        XCTAssertEqual(GraphID.safe("id_card"), "id__card")
        XCTAssertNotEqual(GraphID.step("a-b"), GraphID.step("a_b"))
        // Anything else (a malformed id) is spelled out.
        XCTAssertEqual(GraphID.safe("受理\"x y"), "_u53D7__u7406__u22_x_u20_y")
        for id in ["end", "graph", "subgraph", "class", "style", "default", "call", "node", "edge", "digraph"] {
            let safe = GraphID.step(id)
            XCTAssertTrue(safe.hasPrefix("step_"), safe)
            XCTAssertTrue(safe.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, safe)
        }
    }

    func testMermaidEscapesQuotesMarkupAndEntities() {
        XCTAssertEqual(GraphMermaid.escape("申请人\"张三\""), "申请人#quot;张三#quot;")
        XCTAssertEqual(GraphMermaid.escape("a < b > c & d"), "a #lt; b #gt; c #amp; d")
        XCTAssertEqual(GraphMermaid.escape("#quot; is not a quote"), "#35;quot; is not a quote")
        XCTAssertEqual(GraphMermaid.escape("`md`"), "#96;md#96;")
        XCTAssertEqual(GraphMermaid.escape("第一行\n第二行"), "第一行<br/>第二行")
        XCTAssertEqual(GraphMermaid.escape("[x] {y} (z) |w|; end"), "[x] {y} (z) |w|; end")
        XCTAssertEqual(GraphMermaid.text(["受理", "窗口 · 5 个工作日"]), "受理<br/>窗口 · 5 个工作日")
    }

    func testDOTEscapesQuotesAndBackslashes() {
        XCTAssertEqual(GraphDOT.escape("申请人\"张三\""), "申请人\\\"张三\\\"")
        XCTAssertEqual(GraphDOT.escape("C:\\N\\G\\l"), "C:\\\\N\\\\G\\\\l")
        XCTAssertEqual(GraphDOT.escape("第一行\n第二行"), "第一行\\n第二行")
        XCTAssertEqual(GraphDOT.escape("<b>&amp;</b> {x} [y] -> z;"), "<b>&amp;</b> {x} [y] -> z;")
    }

    /// Titles full of the characters each language treats specially, drawn
    /// and (where Graphviz is installed) laid out.
    static let hostileFlow = GraphFixture.yaml(steps: """
          - id: accept
            title: '受理 "一窗" <b>通办</b> \\N #quot; `x` end; A-->B |p| [q] {r}'
            role: window
            decisions:
              accept: approved
              refuse: refused
        """, outcomes: """
          - { id: approved, title: '准予 "许可" \\ 结束', kind: granted }
          - { id: refused, title: 不予许可, kind: refused }
        """)

    func testHostileTitlesStayInsideTheirStrings() throws {
        let r = try GraphFixture.renderer(Self.hostileFlow)
        let mermaid = r.mermaid()
        XCTAssertTrue(mermaid.contains(
            "    step_accept[\"受理 #quot;一窗#quot; #lt;b#gt;通办#lt;/b#gt; \\N #35;quot; #96;x#96; end; A--#gt;B |p| [q] {r}<br/>综合受理窗口\"]\n"),
            mermaid)
        // No raw quote inside any Mermaid label: each label line has exactly its two delimiting quotes.
        for line in mermaid.split(separator: "\n") where line.contains("step_accept[") || line.contains("outcome_approved(") {
            XCTAssertEqual(line.filter { $0 == "\"" }.count, 2, String(line))
        }
        let dot = r.dot()
        XCTAssertTrue(dot.contains(
            "\"step_accept\" [label=\"受理 \\\"一窗\\\" <b>通办</b> \\\\N #quot; `x` end; A-->B |p| [q] {r}\\n综合受理窗口\""), dot)
        XCTAssertTrue(dot.contains("\"outcome_approved\" [label=\"准予 \\\"许可\\\" \\\\ 结束\""), dot)
        if let svg = try GraphFixture.svg(dot) {
            // Graphviz read the labels back as the original text (XML-escaped in the SVG).
            XCTAssertTrue(svg.contains("受理 &quot;一窗&quot; &lt;b&gt;通办&lt;/b&gt; \\N"), svg)
            XCTAssertTrue(svg.contains("准予 &quot;许可&quot; \\ 结束"), svg)
        }
    }
}
