import XCTest

@testable import ShenpiSyntax

/// `syntax` diagnostics: libyaml's errors, reworded and positioned.
final class LoaderSyntaxTests: XCTestCase {
    func testMissingColonIsReportedWithTheKeyAsANote() {
        let doc = load("a: 1\nb\nc: 2\n")
        XCTAssertNil(doc.root)
        let d = single(doc)
        assertDiagnostic(
            d, rule: "syntax", message: "could not find expected ':' while scanning a simple key",
            range: span(3, 1, 3, 1))
        XCTAssertEqual(d?.notes, [DiagnosticNote("the simple key starts at 2:1", range: span(2, 1, 2, 1))])
        XCTAssertEqual(d?.canonicalLine, "t.yaml:3:1: error: could not find expected ':' while scanning a simple key [syntax]")
    }

    func testUnclosedFlowSequence() {
        let d = single(load("a: [1, 2\n"))
        assertDiagnostic(
            d, rule: "syntax", message: "did not find expected ',' or ']' while parsing a flow sequence",
            range: span(2, 1, 2, 1))
        XCTAssertEqual(d?.notes, [DiagnosticNote("the flow sequence starts at 1:4", range: span(1, 4, 1, 4))])
    }

    func testUnterminatedQuotedScalarAfterChineseText() {
        let d = single(load("标题: \"防雷\n"))
        assertDiagnostic(
            d, rule: "syntax", message: "found unexpected end of stream while scanning a quoted scalar",
            range: span(2, 1, 2, 1))
        XCTAssertEqual(d?.notes.first?.message, "the quoted scalar starts at 1:5")
    }

    func testMappingValueInPlainScalar() {
        let doc = load("a: b: c\n")
        XCTAssertNil(doc.root)
        let d = single(doc)
        assertDiagnostic(
            d, rule: "syntax", message: "mapping values are not allowed in this context", range: span(1, 5, 1, 5))
        XCTAssertEqual(d?.notes.map(\.message), ["the value of \"a\" holds \": \"; put the whole value in quotes"])
    }

    func testKeyIndentedMoreThanItsSiblingGetsANote() {
        let d = single(load("step:\n  - id: a\n    title: x\n     role: r\n"))
        assertDiagnostic(
            d, rule: "syntax", message: "mapping values are not allowed in this context", range: span(4, 10, 4, 10))
        XCTAssertEqual(
            d?.notes.map(\.message),
            ["this line is indented more than \"title\" on line 3 (column 6, not 5): keys of one mapping start in the same column, so it was read as more of the value above"])
        // The first key of a list item counts from after its dash; blank lines are skipped.
        let item = single(load("step:\n  - id: a\n\n      role: r\n"))
        XCTAssertEqual(item?.notes.first?.message.hasPrefix("this line is indented more than \"id\" on line 2 (column 7, not 5)"), true)
    }

    func testTabAfterDashGetsAPlainMessage() {
        assertDiagnostic(
            single(load("-\tb\n")), rule: "syntax", message: "found a tab character where YAML expects a space",
            range: span(1, 2, 1, 2))
    }

    func testReservedIndicatorIsNamed() {
        assertDiagnostic(
            single(load("审批人: @科长\n")), rule: "syntax", message: "found character '@' that cannot start any token",
            range: span(1, 6, 1, 6))
    }

    func testControlCharacterIsPositionedByByteOffset() {
        assertDiagnostic(
            single(load("审批: 1\nb: x\u{1}\n")), rule: "syntax",
            message: "control characters are not allowed (found U+0001)", range: span(2, 5, 2, 6))
    }

    func testContentAfterDocumentEndMarker() {
        assertDiagnostic(
            single(load("a: 1\n...\nb: 2\n")), rule: "syntax", message: "did not find expected <document start>",
            range: span(3, 1, 3, 1))
    }

    func testUndefinedAlias() {
        let doc = load("a: 1\nb: *missing\n")
        XCTAssertNil(doc.root)
        assertDiagnostic(single(doc), rule: "syntax", message: "undefined alias \"missing\"", range: span(2, 4, 2, 12))
    }

    func testAliasInsideItsOwnAnchor() {
        assertDiagnostic(
            single(load("a: &x [1, *x]\n")), rule: "syntax", message: "alias \"x\" refers to a node that contains it",
            range: span(1, 11, 1, 13))
    }

    func testMessageNormalization() {
        XCTAssertEqual(LibYAMLError.sentence("Did not find it."), "did not find it")
        XCTAssertEqual(LibYAMLError.sentence("YAML version is wrong"), "YAML version is wrong")
        XCTAssertNil(LibYAMLError.contextNote("while scanning for the next token", at: SourcePosition(line: 1, column: 1)))
        XCTAssertEqual(
            LibYAMLError.contextNote("while scanning an anchor", at: SourcePosition(line: 2, column: 3))?.message,
            "the anchor starts at 2:3")
    }
}

/// The notes on libyaml's errors read the source around the error: they must
/// never trap, and must point inside the file, whatever the lines hold.
final class LoaderHintRobustnessTests: XCTestCase {
    func testHintsOnRandomLinesStayInsideTheFile() {
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let keys = ["a", "id", "title", "", "- a", "-", "#"], values = ["x", "y: z", "'q: r'", "", "# c", "x:y", ":", "审批: 是"]
        var notes = 0, hints = 0
        for _ in 0..<3000 {
            let lines = (0..<(1 + next(8))).map { _ in
                String(repeating: " ", count: next(7)) + keys[next(keys.count)] + [": ", ":", " "][next(3)] + values[next(values.count)]
            }
            let doc = load(lines.joined(separator: "\n") + "\n")
            for d in doc.diagnostics {
                for note in d.notes {
                    guard let r = note.range else { continue }
                    notes += 1
                    if note.message.hasPrefix("this line is indented") || note.message.hasPrefix("the value of") { hints += 1 }
                    XCTAssertTrue((1...lines.count + 1).contains(r.start.line) && r.start.column >= 1, "\(lines) \(note.message)")
                }
            }
        }
        XCTAssertGreaterThan(hints, 100, "the generator reaches both hints (\(hints) of \(notes) notes)")
    }
}
