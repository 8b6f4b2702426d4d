import XCTest

@testable import ShenpiSyntax

/// Line endings, BOM and the `lines` array.
final class LoaderSourceTests: XCTestCase {
    func testCRLFPositionsAndLines() throws {
        let doc = load("a: 1\r\nb:\r\n  - x\r\n  - \"y z\"\r\n")
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.lines, ["a: 1", "b:", "  - x", "  - \"y z\"", ""])
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(root[testKey: "a"]?.range, span(1, 4, 1, 5))
        let list = try XCTUnwrap(root[testKey: "b"])
        XCTAssertEqual(list.range, span(3, 3, 5, 1))
        XCTAssertEqual(list[testItem: 1]?.scalar, Scalar(value: "y z", style: .doubleQuoted, range: span(4, 5, 4, 10)))
    }

    func testLoneCarriageReturnEndsALine() throws {
        let doc = load("a: 1\rb: 2")
        XCTAssertEqual(doc.lines, ["a: 1", "b: 2"])
        XCTAssertEqual(doc.root?[testKey: "b"]?.range, span(2, 4, 2, 5))
    }

    func testBOMIsSkippedAndPositionsStayRight() throws {
        let doc = loadBytes([0xEF, 0xBB, 0xBF] + Array("标题: 值\nid: x\n".utf8))
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.lines, ["标题: 值", "id: x", ""])
        let entries = try XCTUnwrap(doc.root?.mappingEntries)
        XCTAssertEqual(entries[0].key.value, "标题")
        XCTAssertEqual(entries[0].key.range, span(1, 1, 1, 3))
        XCTAssertEqual(entries[0].value.range, span(1, 5, 1, 6))
        XCTAssertEqual(entries[1].value.range, span(2, 5, 2, 6))
    }

    func testLinesWithoutTrailingNewline() {
        XCTAssertEqual(load("a: 1\nb: 2").lines, ["a: 1", "b: 2"])
    }

    func testEmptyFile() {
        let doc = load("")
        XCTAssertNil(doc.root)
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.lines, [""])
    }

    func testBOMOnlyAndCommentOnlyFilesAreEmpty() {
        let bom = loadBytes([0xEF, 0xBB, 0xBF])
        XCTAssertNil(bom.root)
        XCTAssertEqual(bom.diagnostics, [])
        let comments = load("# 只有注释\n\n")
        XCTAssertNil(comments.root)
        XCTAssertEqual(comments.diagnostics, [])
    }

    /// libyaml breaks lines at U+2028; editors do not. Positions follow the editor.
    func testLineSeparatorDoesNotShiftLaterLines() throws {
        let doc = load("a: \"x\u{2028}y\"\nb: 2\n")
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.lines.count, 3)
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(root[testKey: "a"]?.range, span(1, 4, 1, 9))
        XCTAssertEqual(root[testKey: "b"]?.range, span(2, 4, 2, 5))
    }

    func testSourceTextByteOffsets() {
        let text = SourceText(bytes: Array("审批\nab审c".utf8))
        XCTAssertEqual(text.position(ofByte: 0), SourcePosition(line: 1, column: 1))
        XCTAssertEqual(text.position(ofByte: 3), SourcePosition(line: 1, column: 2))
        XCTAssertEqual(text.position(ofByte: 7), SourcePosition(line: 2, column: 1))
        XCTAssertEqual(text.position(ofByte: 12), SourcePosition(line: 2, column: 4))
        XCTAssertEqual(text.position(ofByte: 999), SourcePosition(line: 2, column: 5))
    }
}
