import ShenpiTestSupport
import XCTest

/// `docs/graph.md` shows real output: its examples are the snapshots.
final class GraphDocTests: XCTestCase {
    func testDocExamplesAreTheSnapshots() throws {
        let doc = try XCTUnwrap(TestSupport.read("docs/graph.md"))
        let mermaid = try XCTUnwrap(TestSupport.read("fixtures/graph/senior-bus-card.mmd"))
        let dot = try XCTUnwrap(TestSupport.read("fixtures/graph/senior-bus-card.dot"))
        XCTAssertTrue(doc.contains("```mermaid\n" + mermaid + "```\n"), "docs/graph.md's Mermaid example is not fixtures/graph/senior-bus-card.mmd")
        XCTAssertTrue(doc.contains("```dot\n" + dot + "```\n"), "docs/graph.md's DOT example is not fixtures/graph/senior-bus-card.dot")
        XCTAssertNotNil(TestSupport.read("docs/graph-senior-bus-card.svg"), "the SVG example the doc shows")
    }

    func testCLISynopsisListsGraph() throws {
        let cli = try XCTUnwrap(TestSupport.read("docs/cli.md"))
        XCTAssertTrue(cli.contains("shenpi graph FILE [--format mermaid|dot|svg] [--out FILE]"))
    }
}
