import XCTest

@testable import ShenpiSyntax

/// Ranges of scalars and collections, in characters, 1-based.
final class LoaderPositionTests: XCTestCase {
    let flow = """
        title: 防雷装置设计审核
        id: fl-01
        steps:
          - name: 受理
            days: 3
          - name: 审查
        meta: { title: 防雷, id: x }

        """

    func testBlockMappingAndScalarRanges() throws {
        let doc = load(flow)
        XCTAssertEqual(doc.diagnostics, [])
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(root.range, span(1, 1, 8, 1))
        let entries = try XCTUnwrap(root.mappingEntries)
        XCTAssertEqual(entries.map(\.key.value), ["title", "id", "steps", "meta"])
        XCTAssertEqual(entries[0].key.range, span(1, 1, 1, 6))
        // Eight Chinese characters: columns count characters, not UTF-8 bytes.
        XCTAssertEqual(entries[0].value.scalar?.value, "防雷装置设计审核")
        XCTAssertEqual(entries[0].value.range, span(1, 8, 1, 16))
        XCTAssertEqual(entries[1].key.range, span(2, 1, 2, 3))
        XCTAssertEqual(entries[1].value.range, span(2, 5, 2, 10))
    }

    func testBlockSequenceRanges() throws {
        let root = try XCTUnwrap(load(flow).root)
        let steps = try XCTUnwrap(root[testKey: "steps"])
        XCTAssertEqual(steps.sequenceItems?.count, 2)
        // A block collection ends where libyaml closes it: at the next token.
        XCTAssertEqual(steps.range, span(4, 3, 7, 1))
        let first = try XCTUnwrap(steps[testItem: 0])
        XCTAssertEqual(first.range, span(4, 5, 6, 3))
        XCTAssertEqual(first[testKey: "name"]?.range, span(4, 11, 4, 13))
        XCTAssertEqual(first[testKey: "days"]?.scalar?.value, "3")
        XCTAssertEqual(first[testKey: "days"]?.range, span(5, 11, 5, 12))
        XCTAssertEqual(steps[testItem: 1]?[testKey: "name"]?.range, span(6, 11, 6, 13))
    }

    func testFlowMappingAfterChineseTextCountsCharacters() throws {
        let root = try XCTUnwrap(load(flow).root)
        let meta = try XCTUnwrap(root[testKey: "meta"])
        XCTAssertEqual(meta.range, span(7, 7, 7, 27))
        let entries = try XCTUnwrap(meta.mappingEntries)
        XCTAssertEqual(entries[0].key.range, span(7, 9, 7, 14))
        XCTAssertEqual(entries[0].value.range, span(7, 16, 7, 18))
        XCTAssertEqual(entries[1].key.value, "id")
        XCTAssertEqual(entries[1].key.range, span(7, 20, 7, 22))
        XCTAssertEqual(entries[1].value.range, span(7, 24, 7, 25))
    }

    func testFlowSequenceRange() throws {
        let root = try XCTUnwrap(load("审批: [甲, \"乙\", 丙]\n").root)
        let list = try XCTUnwrap(root[testKey: "审批"])
        XCTAssertEqual(list.range, span(1, 5, 1, 16))
        XCTAssertEqual(list.sequenceItems?.map(\.range), [span(1, 6, 1, 7), span(1, 9, 1, 12), span(1, 14, 1, 15)])
        XCTAssertEqual(list[testItem: 1]?.scalar?.style, .doubleQuoted)
    }

    let styles = """
        a: plain
        b: 'single'
        c: "double\\tx"
        d: |
          line one
          line two
        e: >
          folded
          text
        f: !!str 123
        g: !custom x
        h: "no"
        i:

        """

    func testScalarStylesAndRawValues() throws {
        let root = try XCTUnwrap(load(styles).root)
        func scalar(_ key: String) -> Scalar? { root[testKey: key]?.scalar }
        XCTAssertEqual(scalar("a"), Scalar(value: "plain", style: .plain, range: span(1, 4, 1, 9)))
        XCTAssertEqual(scalar("b"), Scalar(value: "single", style: .singleQuoted, range: span(2, 4, 2, 12)))
        // Escapes are resolved; the range covers the quotes.
        XCTAssertEqual(scalar("c"), Scalar(value: "double\tx", style: .doubleQuoted, range: span(3, 4, 3, 15)))
        XCTAssertEqual(scalar("h"), Scalar(value: "no", style: .doubleQuoted, range: span(12, 4, 12, 8)))
        XCTAssertEqual(scalar("i"), Scalar(value: "", style: .plain, range: span(13, 3, 13, 3)))
        XCTAssertEqual(scalar("i")?.isNull, true)
    }

    func testBlockScalars() throws {
        let root = try XCTUnwrap(load(styles).root)
        // A block scalar runs from its indicator to the start of the next token.
        XCTAssertEqual(
            root[testKey: "d"]?.scalar,
            Scalar(value: "line one\nline two\n", style: .literal, range: span(4, 4, 7, 1)))
        XCTAssertEqual(
            root[testKey: "e"]?.scalar, Scalar(value: "folded text\n", style: .folded, range: span(7, 4, 10, 1)))
    }

    func testExplicitTagsAreKeptAndNotApplied() throws {
        let root = try XCTUnwrap(load(styles).root)
        XCTAssertEqual(
            root[testKey: "f"]?.scalar, Scalar(value: "123", style: .plain, tag: "!!str", range: span(10, 4, 10, 13)))
        XCTAssertEqual(root[testKey: "g"]?.scalar?.tag, "!custom")
        XCTAssertEqual(root[testKey: "a"]?.scalar?.tag, nil)
    }

    func testNoTypeConversion() throws {
        let root = try XCTUnwrap(load("a: 010\nb: yes\nc: 1e3\nd: ~\n").root)
        XCTAssertEqual(root.mappingEntries?.map(\.value.scalar?.value), ["010", "yes", "1e3", "~"])
    }

    func testScalarRoot() throws {
        let doc = load("just text\n")
        XCTAssertEqual(doc.root, .scalar(Scalar(value: "just text", style: .plain, range: span(1, 1, 1, 10))))
    }

    func testNulInDoubleQuotedScalarIsKept() throws {
        let root = try XCTUnwrap(load("a: \"x\\0y\"\n").root)
        XCTAssertEqual(root[testKey: "a"]?.scalar?.value, "x\u{0}y")
    }
}
