import ShenpiLanguage
import ShenpiSyntax
import XCTest

/// `limits.legal: none`: an item the law sets no limit for, which runs on its promise.
final class NoLegalLimitDecodingTests: XCTestCase {
    func decode(kind: String, limits: String) throws -> (Limits, [String]) {
        let text = "workflow: w\nversion: 1\ntitle: t\ndepartment: d\nkind: \(kind)\ncalendar: cn\n"
            + "limits:\n\(limits)"
            + "steps:\n  - { id: a, role: r, decisions: { ok: ok } }\noutcomes: [{ id: ok, kind: granted }]\n"
        let doc = Loader().load(text: text, file: "t.yaml")
        let (flow, diagnostics) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        return (flow.limits, diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.message) [\($0.rule)]" })
    }

    func testNoneWithAPromise() throws {
        let (limits, diagnostics) = try decode(kind: "promised", limits: "  legal: none\n  promised: 10 workdays\n")
        XCTAssertEqual(diagnostics, [])
        XCTAssertNil(limits.legal)
        XCTAssertEqual(limits.noLegal?.start, SourcePosition(line: 8, column: 10))
        XCTAssertEqual(limits.effective?.value, Duration(10, .workdays))
    }

    func testNoneWithoutAPromiseHasNothingToRunOn() throws {
        XCTAssertEqual(try decode(kind: "immediate", limits: "  legal: none\n").1,
                       [#"7:1 "limits" with "legal: none" (no statutory limit) is missing the key "promised": a case needs a limit to run its clock on [missing-key]"#])
        // A promised item is told once, by the rule it already breaks.
        XCTAssertEqual(try decode(kind: "promised", limits: "  legal: none\n").1,
                       [#"7:1 "limits" of a promised item (承诺件) is missing the key "promised" [missing-key]"#])
        // Anything else is a duration, or wrong.
        XCTAssertEqual(try decode(kind: "immediate", limits: "  legal: 无\n").1,
                       [#"8:10 bad duration "无"; expected a whole number from 1 to 9999 and a unit (workdays, days or hours), like "5 workdays", "#
                        + "or none for an item the law sets no limit for [bad-duration]"])
        XCTAssertEqual(try decode(kind: "immediate", limits: "  legal: never\n").1.map { $0.hasSuffix("[bad-duration]") }, [true])
        XCTAssertNil(try decode(kind: "immediate", limits: "  legal: 20 workdays\n").0.noLegal)
    }
}
