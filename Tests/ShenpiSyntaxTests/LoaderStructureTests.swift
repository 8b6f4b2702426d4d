import XCTest

@testable import ShenpiSyntax

/// Duplicate and complex keys, multiple documents: reported, and the tree is kept.
final class LoaderStructureTests: XCTestCase {
    func testDuplicateKeyKeepsTheFirstEntry() throws {
        let doc = load("workflow:\n  title: 一\n  id: x\n  title: 二\n")
        let d = single(doc)
        assertDiagnostic(d, rule: "duplicate-key", message: "duplicate key \"title\" in this mapping", range: span(4, 3, 4, 8))
        XCTAssertEqual(d?.notes, [DiagnosticNote("first defined at 2:3", range: span(2, 3, 2, 8))])
        let workflow = try XCTUnwrap(doc.root?[testKey: "workflow"])
        XCTAssertEqual(workflow.mappingEntries?.map(\.key.value), ["title", "id"])
        XCTAssertEqual(workflow[testKey: "title"]?.scalar?.value, "一")
    }

    func testDuplicateKeyIgnoresQuotingAndIsPerMapping() throws {
        let doc = load("a: {k: 1, \"k\": 2}\nb: {k: 3}\n")
        let d = single(doc)
        assertDiagnostic(d, rule: "duplicate-key", message: "duplicate key \"k\" in this mapping", range: span(1, 11, 1, 14))
        XCTAssertEqual(d?.notes.first?.message, "first defined at 1:5")
        XCTAssertEqual(doc.root?[testKey: "b"]?[testKey: "k"]?.scalar?.value, "3")
    }

    func testEveryRepeatPointsAtTheFirstDefinition() {
        let doc = load("k: 1\nk: 2\nk: 3\n")
        XCTAssertEqual(doc.diagnostics.map(\.range.start), [SourcePosition(line: 2, column: 1), SourcePosition(line: 3, column: 1)])
        XCTAssertEqual(doc.diagnostics.map { $0.notes.first?.message }, ["first defined at 1:1", "first defined at 1:1"])
        XCTAssertEqual(doc.root?.mappingEntries?.count, 1)
    }

    func testComplexKeyIsDroppedWithItsValue() throws {
        let doc = load("? [a]\n: 1\nb: 2\n")
        assertDiagnostic(
            single(doc), rule: "complex-key", message: "a mapping key must be a scalar, not a list", range: span(1, 3, 1, 6))
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(root.mappingEntries?.map(\.key.value), ["b"])
    }

    func testFlowMappingAsKey() throws {
        let doc = load("{ {x: 1}: y, z: 2 }\n")
        assertDiagnostic(
            single(doc), rule: "complex-key", message: "a mapping key must be a scalar, not a mapping",
            range: span(1, 3, 1, 9))
        XCTAssertEqual(doc.root?.mappingEntries?.map(\.key.value), ["z"])
    }

    func testSecondDocumentIsReportedAndTheFirstKept() throws {
        let doc = load("a: 1\n---\nb: 2\n")
        assertDiagnostic(
            single(doc), rule: "multiple-documents", message: "a workflow file holds one YAML document",
            range: span(2, 1, 2, 4))
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(root.mappingEntries?.map(\.key.value), ["a"])
    }

    func testExplicitFirstDocumentIsFine() throws {
        let one = load("---\na: 1\n...\n")
        XCTAssertEqual(one.diagnostics, [])
        XCTAssertEqual(one.root?[testKey: "a"]?.range, span(2, 4, 2, 5))
        let two = load("---\na: 1\n--- \nb: [\n")
        // The second document is not read, so its syntax error is not reported.
        assertDiagnostic(
            single(two), rule: "multiple-documents", message: "a workflow file holds one YAML document",
            range: span(3, 1, 3, 4))
        XCTAssertNotNil(two.root)
    }
}
