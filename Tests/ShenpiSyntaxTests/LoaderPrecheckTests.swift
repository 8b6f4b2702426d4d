import XCTest

@testable import ShenpiSyntax

/// Checks before libyaml: size, UTF-8, tabs. Each refuses the file (root nil).
final class LoaderPrecheckTests: XCTestCase {
    func testTabIndentationIsReportedPerLine() {
        let doc = load("key:\n\tvalue: 1\n  \tother: 2\nok: 3\n")
        XCTAssertNil(doc.root)
        XCTAssertEqual(doc.lines.count, 5)
        XCTAssertEqual(doc.diagnostics.count, 2)
        let message = "tab character in indentation; YAML indents with spaces"
        assertDiagnostic(doc.diagnostics.first, rule: "tab-indentation", message: message, range: span(2, 1, 2, 2))
        assertDiagnostic(doc.diagnostics.last, rule: "tab-indentation", message: message, range: span(3, 3, 3, 4))
    }

    func testTabOnBlankLineAndInFlowContextAreReported() {
        XCTAssertEqual(load("a: 1\n\t\n").diagnostics.map(\.range), [span(2, 1, 2, 2)])
        XCTAssertEqual(load("a: [1,\n\t2]\n").diagnostics.map(\.rule), ["tab-indentation"])
    }

    func testTabsInsideScalarsAreContent() throws {
        let block = load("a: |\n  x\n  \ty\nb: 1\n")
        XCTAssertEqual(block.diagnostics, [])
        XCTAssertEqual(block.root?[testKey: "a"]?.scalar?.value, "x\n\ty\n")
        let quoted = load("a: \"x\n\ty\"\n")
        XCTAssertEqual(quoted.diagnostics, [])
        XCTAssertEqual(quoted.root?[testKey: "a"]?.scalar?.value, "x y")
    }

    func testTabAfterContentIsNotIndentation() {
        let doc = load("a: 1 \t# 注释\nb:\tx\n")
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.root?[testKey: "b"]?.scalar?.value, "x")
    }

    func testTabOutsideScalarAfterABlockScalarIsStillReported() {
        let doc = load("a: |\n  x\n  \ty\nb:\n\tc: 1\n")
        XCTAssertEqual(doc.diagnostics.map(\.range), [span(5, 1, 5, 2)])
    }

    func testInvalidUTF8ByteIsPositionedInCharacters() {
        let doc = loadBytes(Array("a: 1\nb: 防".utf8) + [0xFF] + Array("\n".utf8))
        XCTAssertNil(doc.root)
        XCTAssertEqual(doc.lines.count, 3)
        assertDiagnostic(
            single(doc), rule: "invalid-utf8", message: "invalid UTF-8 byte 0xFF; save the file as UTF-8",
            range: span(2, 5, 2, 6))
    }

    func testGBKFileIsRefusedAtItsFirstChineseCharacter() {
        // "id: 标题" in GBK: 标 = B1 EA.
        let doc = loadBytes(Array("id: ".utf8) + [0xB1, 0xEA, 0xCC, 0xE2])
        assertDiagnostic(
            single(doc), rule: "invalid-utf8", message: "invalid UTF-8 byte 0xB1; save the file as UTF-8",
            range: span(1, 5, 1, 6))
    }

    func testBOMDoesNotCountAsAColumn() {
        let doc = loadBytes([0xEF, 0xBB, 0xBF, 0x61, 0x80])
        assertDiagnostic(
            single(doc), rule: "invalid-utf8", message: "invalid UTF-8 byte 0x80; save the file as UTF-8",
            range: span(1, 2, 1, 3))
    }

    func testUTF8ValidatorEdgeCases() {
        XCTAssertNil(UTF8Check.firstInvalidOffset(in: Array("aé防😀".utf8)))
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0x61, 0xE6, 0x9C]), 1)  // truncated at end
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0xE6, 0x9C, 0x61]), 0)  // truncated before ASCII
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0xC0, 0x80]), 0)  // overlong
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0xE0, 0x80, 0x80]), 0)  // overlong
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0xED, 0xA0, 0x80]), 0)  // surrogate
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0xF4, 0x90, 0x80, 0x80]), 0)  // past U+10FFFF
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0x61, 0xF5]), 1)
        XCTAssertEqual(UTF8Check.firstInvalidOffset(in: [0xF0, 0x9F, 0x98, 0x41]), 0)
    }

    func testSingleByteErrorMessageIsTwoHexDigits() {
        XCTAssertEqual(loadBytes([0x0F, 0x80]).diagnostics.first?.message, "invalid UTF-8 byte 0x80; save the file as UTF-8")
    }

    func testFileTooLarge() {
        let doc = loadBytes([UInt8](repeating: 0x61, count: 2_097_152))
        XCTAssertNil(doc.root)
        XCTAssertEqual(doc.lines, [])
        assertDiagnostic(
            single(doc), rule: "file-too-large", message: "file is 2097152 bytes; the limit is 1048576",
            range: span(1, 1, 1, 1))
    }

    func testFileAtTheLimitIsLoaded() {
        let text = "a: " + String(repeating: "x", count: 7)
        XCTAssertEqual(load(text, limits: LoaderLimits(maxFileBytes: 10)).diagnostics, [])
        XCTAssertEqual(load(text + "y", limits: LoaderLimits(maxFileBytes: 10)).diagnostics.map(\.message), ["file is more than 10 bytes; the limit is 10"])
    }
}
