import ShenpiLanguage
import ShenpiSyntax
import XCTest

/// `limits.extension` as the decoder reads it: `none`, or `max` and `by` with an optional `times`.
final class ExtensionCeilingDecodingTests: XCTestCase {
    func decode(_ extensionYAML: String) throws -> (ExtensionCeiling?, [String]) {
        let text = "workflow: w\nversion: 1\ntitle: t\ndepartment: d\nkind: immediate\ncalendar: cn\n"
            + "limits:\n  legal: 20 workdays\n  extension: \(extensionYAML)\n"
            + "steps:\n  - { id: a, role: r, decisions: { ok: ok } }\noutcomes: [{ id: ok, kind: granted }]\n"
        let doc = Loader().load(text: text, file: "t.yaml")
        let (flow, diagnostics) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        return (flow.limits.extensionCeiling, diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.message) [\($0.rule)]" })
    }

    func testAFullCeiling() throws {
        let (ceiling, diagnostics) = try decode("{ max: 10 workdays, by: head, times: 1 }")
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(ceiling?.isNone, false)
        XCTAssertEqual(ceiling?.max?.value, Duration(10, .workdays))
        XCTAssertEqual(ceiling?.by?.value, "head")
        XCTAssertEqual(ceiling?.times?.value, 1)
        XCTAssertEqual(ceiling?.by?.range.start, SourcePosition(line: 9, column: 38))
    }

    func testNone() throws {
        let (ceiling, diagnostics) = try decode("none")
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(ceiling?.isNone, true)
        XCTAssertNil(ceiling?.max)
    }

    func testWhatIsMissingOrWrongIsSaid() throws {
        XCTAssertEqual(try decode("{ max: 10 workdays }").1, [#"9:14 "extension" is missing the key "by" [missing-key]"#])
        XCTAssertEqual(try decode("{ max: 10 workdays, by: head, times: 0 }").1, [#"9:51 "times" must be from 1 to 1000000, found 0 [invalid-value]"#])
        XCTAssertEqual(try decode("{ max: ten days, by: head }").1.map { $0.hasSuffix("[bad-duration]") }, [true])
        XCTAssertEqual(try decode("{ max: 10 workdays, by: head, once: true }").1,
                       [#"9:44 unknown key "once" in "extension"; expected one of max, by, times [unknown-key]"#])
        XCTAssertEqual(try decode("[10 workdays]").1,
                       [#"9:14 expected "none" or a mapping with "max" and "by" for "extension", found a list [wrong-type]"#])
        let (unread, _) = try decode("never")
        XCTAssertEqual(unread?.isNone, false, "kept as written but unread, so it never compiles as no ceiling")
        XCTAssertNil(unread?.max)
        XCTAssertEqual(try decode("never").1,
                       [#"9:14 expected "none" or a mapping with "max" and "by" for "extension", found "never" [wrong-type]"#])
    }
}
