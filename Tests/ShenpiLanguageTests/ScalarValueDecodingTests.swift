import ShenpiLanguage
import ShenpiSyntax
import XCTest

/// Whole numbers, fee amounts and enum values as the decoder reads them:
/// one diagnostic per real problem, saying what to write instead.
final class ScalarValueDecodingTests: XCTestCase {
    /// A flow with `extra` appended after its limits; the decoder's diagnostics as "line:col message [rule]".
    func decode(version: String = "1", _ extra: String = "") throws -> (Workflow, [String]) {
        let text = "workflow: w\nversion: \(version)\ntitle: t\ndepartment: d\nkind: immediate\ncalendar: cn\nlimits: { legal: 1 workday }\n"
            + extra + "steps: [{ id: a, role: r, decisions: { ok: ok } }]\noutcomes: [{ id: ok, kind: granted }]\n"
        let doc = Loader().load(text: text, file: "t.yaml")
        let (flow, diagnostics) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        return (flow, diagnostics.map { "\($0.range.start) \($0.message) [\($0.rule)]" })
    }

    /// YAML 1.2 reads `010` as 10, and so does Shenpi: no yaml11-scalar
    /// warning, whose advice (quote it) would make it no number.
    func testALeadingZeroWholeNumberIsReadAsDecimalWithoutAWarning() throws {
        let (flow, plain) = try decode(version: "010")
        XCTAssertEqual(plain, [])
        XCTAssertEqual(flow.version?.value, 10)
        XCTAssertEqual(try decode(version: "\"010\"").1, [
            "2:10 expected a whole number for \"version\", found \"010\"; write it without quotes [wrong-type]",
        ])
    }

    func testAWayOfDeliveryListedTwiceIsNamed() throws {
        XCTAssertEqual(try decode("guide: { delivery: [window, mail, window] }\n").1, [
            "8:35 \"window\" is listed twice in \"delivery\" [invalid-value]",
        ])
    }

    func testAWholeNumberOutOfRangeGivesTheRange() throws {
        XCTAssertEqual(try decode(version: "0").1, ["2:10 \"version\" must be from 1 to 1000000, found 0 [invalid-value]"])
        XCTAssertEqual(try decode(version: "1000001").1, ["2:10 \"version\" must be from 1 to 1000000, found 1000001 [invalid-value]"])
        // Past 64 bits, on either side.
        XCTAssertEqual(try decode(version: "9999999999999999999").1, [
            "2:10 \"version\" must be from 1 to 1000000, found 9999999999999999999 [invalid-value]",
        ])
        XCTAssertEqual(try decode(version: "-9999999999999999999").1, [
            "2:10 \"version\" must be from 1 to 1000000, found -9999999999999999999 [invalid-value]",
        ])
        XCTAssertEqual(try decode("guide: { visits: 1000001 }\n").1, [
            "8:18 \"visits\" must be from 0 to 1000000, found 1000001 [invalid-value]",
        ])
    }

    /// A fee amount is what the schema's `number` with `minimum: 0` is to an
    /// editor, in decimal notation: the exponent form and -0 included.
    func testAFeeAmountIsADecimalNumberAtLeastZero() throws {
        for (written, value) in [("80", 80.0), ("12.5", 12.5), ("1.5e2", 150), ("-0", 0), ("-0.0", 0), ("+80", 80), (".5", 0.5), ("5.", 5), ("2E-1", 0.2)] {
            let (flow, diagnostics) = try decode("guide: { fee: { amount: \(written) } }\n")
            XCTAssertEqual(diagnostics, [], written)
            let amount = try XCTUnwrap(flow.guide.fee?.amount, written)
            XCTAssertEqual(amount, value, written)
            XCTAssertEqual(amount.sign, .plus, "\(written): -0 is 0")
        }
        let accepted = "expected a number ≥ 0 for \"amount\", written in decimal like 80, 12.5 or 1.5e2"
        for bad in ["0x50", "0o17", ".inf", ".nan", "80元", "1e", "1.2.3", "."] {
            XCTAssertEqual(try decode("guide: { fee: { amount: \(bad) } }\n").1, ["8:25 \(accepted), found \"\(bad)\" [wrong-type]"], bad)
        }
        XCTAssertEqual(try decode("guide: { fee: { amount: \"80\" } }\n").1, ["8:25 \(accepted), found \"80\"; write it without quotes [wrong-type]"])
        XCTAssertEqual(try decode("guide: { fee: { amount: -5 } }\n").1, ["8:25 \"amount\" must be ≥ 0, found -5 [invalid-value]"])
        XCTAssertEqual(try decode("guide: { fee: { amount: 1e400 } }\n").1, [
            "8:25 \"amount\" is past the largest number (about 1.8e308), found 1e400 [invalid-value]",
        ])
    }

    /// Values that are no ids (Chinese, capitals, YAML 1.1 booleans, null)
    /// are reported as such, not also as a missing list.
    func testMalformedEnumValuesAreNotAlsoAMissingList() throws {
        XCTAssertEqual(try decode("fields: [{ id: use, type: enum, values: [住宅, Non] }]\n").1, [
            "8:42 malformed id \"住宅\"; ids are lowercase ASCII words joined by \"-\" or \"_\" [malformed-id]",
            "8:46 malformed id \"Non\"; ids are lowercase ASCII words joined by \"-\" or \"_\", like \"non\" [malformed-id]",
        ])
        XCTAssertEqual(try decode("fields: [{ id: use, type: enum, values: [No, null] }]\n").1.map { String($0.split(separator: "[").last ?? "") }, [
            "yaml11-scalar]", "malformed-id]", "wrong-type]",
        ])
        XCTAssertEqual(try decode("fields: [{ id: use, type: enum, values: residential }]\n").1, [
            "8:41 expected a list for \"values\", found \"residential\" [wrong-type]",
        ])
        for empty in ["[]", "", "~"] {
            XCTAssertEqual(try decode("fields: [{ id: use, type: enum, values: \(empty) }]\n").1, [
                "8:27 field \"use\" of type enum needs a non-empty \"values\" list [missing-key]",
            ], empty)
        }
        XCTAssertEqual(try decode("fields: [{ id: use, type: enum }]\n").1, [
            "8:27 field \"use\" of type enum needs a non-empty \"values\" list [missing-key]",
        ])
    }
}
