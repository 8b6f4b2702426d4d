import ShenpiCalendar
import ShenpiLanguage
import ShenpiSyntax
import XCTest

final class DecodingTests: XCTestCase {
    func testIdentifiers() {
        for ok in ["a", "accept", "id-card", "id_card", "step2", "a-b_c"] { XCTAssertTrue(Identifier.isValid(ok), ok) }
        for bad in ["", "A", "2a", "a--b", "a-", "-a", "a b", "审批", "a.b", "a__b"] { XCTAssertFalse(Identifier.isValid(bad), bad) }
        XCTAssertEqual(Identifier.suggestion(for: "Accept Step"), "accept-step")
        XCTAssertEqual(Identifier.suggestion(for: "ID_Card"), "id_card")
        XCTAssertNil(Identifier.suggestion(for: "审批"))
    }

    func testDurations() {
        XCTAssertEqual(DurationSyntax.parse("5 workdays"), Duration(5, .workdays))
        XCTAssertEqual(DurationSyntax.parse("1 workday"), Duration(1, .workdays))
        XCTAssertEqual(DurationSyntax.parse("7 days"), Duration(7, .days))
        XCTAssertEqual(DurationSyntax.parse("4 hours"), Duration(4, .hours))
        for bad in ["5", "0 days", "-1 days", "five days", "5 weeks", "5days", "1.5 days", "5 workdays extra"] {
            XCTAssertNil(DurationSyntax.parse(bad), bad)
        }
        XCTAssertEqual(Duration.compare(Duration(2, .workdays), Duration(14, .hours), minutesPerWorkday: 420), .equal)
        XCTAssertEqual(Duration.compare(Duration(2, .workdays), Duration(15, .hours), minutesPerWorkday: 420), .less)
        XCTAssertNil(Duration.compare(Duration(2, .workdays), Duration(15, .hours)), "no office hours: not comparable")
        XCTAssertNil(Duration.compare(Duration(2, .workdays), Duration(2, .days)))
    }

    /// A duration as a guide or a colleague writes it gets the language's words.
    func testDurationSuggestions() {
        let cases = ["20个工作日": "20 workdays", "7 weekdays": "7 workdays", "5 working days": "5 workdays", "30日": "30 days",
                     "30 天": "30 days", "1天": "1 day", "4小时": "4 hours", "1 h": "1 hour", "15 Business Days": "15 workdays",
                     "5 Workdays": "5 workdays", "5workdays": "5 workdays", "４ hours": "4 hours", "１０　个工作日": "10 workdays"]
        for (text, suggestion) in cases {
            XCTAssertEqual(DurationSyntax.suggestion(text), suggestion, text)
            XCTAssertTrue(DurationSyntax.errorMessage(text).hasSuffix("; did you mean \"\(suggestion)\"?"), text)
        }
        for text in ["5", "五个工作日", "0个工作日", "10000 天", "5 weeks", "20个月"] { XCTAssertNil(DurationSyntax.suggestion(text), text) }
    }

    func testYAML11Meanings() {
        XCTAssertEqual(YAML11.meaning(of: "no"), "the boolean false")
        XCTAssertEqual(YAML11.meaning(of: "On"), "the boolean true")
        XCTAssertEqual(YAML11.meaning(of: "010"), "the octal integer 8")
        XCTAssertEqual(YAML11.meaning(of: "1e3"), "the float 1000.0")
        XCTAssertEqual(YAML11.meaning(of: "12:30"), "the sexagesimal number 750")
        XCTAssertEqual(YAML11.meaning(of: "1:02:03"), "the sexagesimal number 3723")
        XCTAssertEqual(YAML11.meaning(of: "2025-01-01"), "a date (timestamp) rather than text")
        XCTAssertEqual(YAML11.meaning(of: "0x1F"), "the hexadecimal integer 31")
        XCTAssertEqual(YAML11.meaning(of: "1_000"), "the integer 1000")
        XCTAssertEqual(YAML11.meaning(of: "-0x8000000000000000"), "the hexadecimal integer -9223372036854775808")
        XCTAssertEqual(YAML11.meaning(of: "0b1111111111111111111111111111111111111111111111111111111111111111"), "the binary integer 18446744073709551615")
        XCTAssertEqual(YAML11.meaning(of: "-0777777777777777777777777"), "an octal integer too large for 64 bits")
        for plain in ["accept", "0", "10", "12:60", "08:30x", "0571-85100000", "e3", "2025-1-1", "0x",
            "-0x-8000000000000000", "-0b-1", "0x+1", "0x１", "08"] {
            XCTAssertNil(YAML11.meaning(of: plain), plain)
        }
    }

    func testWorkflowDecodesNestedStructure() throws {
        let text = """
            workflow: demo
            version: 2
            title: 示例
            department: center
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 5 workdays }
            materials:
              - { id: a, title: 申请书, form: [original, copy], copies: 2, required: deferrable, when: "x > 1" }
            fields:
              - { id: x, type: integer }
            steps:
              - id: p
                parallel:
                  join: 2
                  branches:
                    - { id: b1, steps: [{ id: s1, role: r, decisions: { ok: done } }] }
                    - { id: b2, steps: [{ id: s2, role: r, decisions: { ok: done } }] }
                next: w
              - { id: w, wait: 7 days, next: ok }
            outcomes:
              - { id: ok, kind: granted }
            """
        let doc = Loader().load(text: text, file: "demo.yaml")
        let (flow, diags) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "demo.yaml")
        XCTAssertEqual(diags, [])
        XCTAssertEqual(flow.version?.value, 2)
        XCTAssertEqual(flow.limits.promised?.value, Duration(5, .workdays))
        XCTAssertEqual(flow.materials.first?.forms, [.original, .copy])
        XCTAssertEqual(flow.materials.first?.copies, 2)
        XCTAssertEqual(flow.materials.first?.requirement, .deferrable)
        XCTAssertEqual(flow.materials.first?.condition?.text, "x > 1")
        guard case .parallel(let block) = flow.steps.first?.kind else { return XCTFail("expected a parallel block") }
        XCTAssertEqual(block.join?.value, .count(2))
        XCTAssertEqual(block.branches.map(\.id.value), ["b1", "b2"])
        XCTAssertEqual(flow.steps.first?.next?.value, "w")
        guard case .wait(let d) = flow.steps.last?.kind else { return XCTFail("expected a wait") }
        XCTAssertEqual(d?.value, Duration(7, .days))
        XCTAssertEqual(d?.range.start, SourcePosition(line: 20, column: 20))
    }
}

final class PauseKindTests: XCTestCase {
    func testEveryPauseKindNamesTheCalendarsReason() {
        let expected: [PauseKind: PauseReason] = [
            .supplement: .supplement, .hearing: .hearing, .tender: .tender, .auction: .auction,
            .inspection: .inspection, .testing: .testing, .quarantine: .quarantine, .appraisal: .appraisal,
            .expertReview: .expertReview, .rectification: .rectification,
        ]
        XCTAssertEqual(expected.count, PauseKind.allCases.count)
        for kind in PauseKind.allCases { XCTAssertEqual(kind.clockReason, expected[kind], kind.rawValue) }
    }
}

/// What the decoder records of steps it could not read, so rules do not
/// pile follow-on errors on them — and only when something really is unread.
final class UnreadablePartsTests: XCTestCase {
    func decode(_ steps: String) throws -> (Workflow, [Diagnostic]) {
        let text = "workflow: w\nversion: 1\ntitle: t\ndepartment: d\nkind: immediate\ncalendar: cn\nlimits: { legal: 1 workday }\n"
            + "materials: [{ id: 'on', title: m, form: original }]\nsteps:\n" + steps + "outcomes: [{ id: ok, kind: granted }]\n"
        let doc = Loader().load(text: text, file: "t.yaml")
        return WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
    }

    func testAWarningInChecksLeavesTheListKnown() throws {
        let (flow, diagnostics) = try decode("  - { id: a, role: r, checks: [on], decisions: { ok: ok } }\n")
        XCTAssertEqual(diagnostics.map(\.rule), ["yaml11-scalar"])
        XCTAssertFalse(flow.checksIncomplete)
        XCTAssertEqual(flow.unreadableStepIDs, [])
    }

    func testAnErrorInChecksOrABrokenStepLeavesItUnknown() throws {
        let (scalar, _) = try decode("  - { id: a, role: r, checks: on, decisions: { ok: ok } }\n")
        XCTAssertTrue(scalar.checksIncomplete)
        let (broken, _) = try decode("  - { id: a, role: r, decisions: { ok: b } }\n  - { id: b, title: no kind }\n")
        XCTAssertTrue(broken.checksIncomplete)
        XCTAssertEqual(broken.unreadableStepIDs, ["b"])
    }
}

/// The registry's `supervision:` thresholds.
final class RegistrySupervisionDecodingTests: XCTestCase {
    func decode(_ supervision: String) throws -> (Registry, [Diagnostic]) {
        let text = "registry: c\ntitle: 中心\ndepartments: []\nroles: []\n" + supervision
        let root = try XCTUnwrap(Loader().load(text: text, file: "registry.yaml").root)
        return RegistryDecoder.decode(root, file: "registry.yaml")
    }

    func testThresholdsInWorkdaysOrDays() throws {
        let (r, d) = try decode("supervision:\n  untouched-after: 2 days\n  follow-up-within: 1 workday\n")
        XCTAssertEqual(d, [])
        XCTAssertEqual(r.untouchedAfter?.value, Duration(2, .days))
        XCTAssertEqual(r.supervisionThresholds.untouchedAfter, TimeLimit(2, .days))
        XCTAssertEqual(r.supervisionThresholds.followUpWithin, TimeLimit(1, .workdays))
        let (none, _) = try decode("")
        XCTAssertNil(none.supervisionThresholds.untouchedAfter)
        XCTAssertNil(none.supervisionThresholds.followUpWithin)
    }

    func testHoursUnknownKeysAndWrongTypesAreErrors() throws {
        for (text, line) in [
            ("supervision:\n  follow-up-within: 8 hours\n",
             "registry.yaml:6:21: error: bad duration \"8 hours\" for \"follow-up-within\"; expected a whole number from 1 to 9999 and workdays or days (a threshold counts whole days), like \"3 workdays\" [bad-duration]"),
            ("supervision:\n  untouched-after: 3\n",
             "registry.yaml:6:20: error: bad duration \"3\" for \"untouched-after\"; expected a whole number from 1 to 9999 and workdays or days (a threshold counts whole days), like \"3 workdays\" [bad-duration]"),
            ("supervision:\n  call-back: 10%\n",
             "registry.yaml:6:3: error: unknown key \"call-back\" in the supervision settings; expected one of untouched-after, follow-up-within [unknown-key]"),
            ("supervision: 3 workdays\n", "registry.yaml:5:14: error: expected a mapping for the supervision settings, found \"3 workdays\" [wrong-type]"),
            ("supervision:\n  untouched-after: 0 days\n",
             "registry.yaml:6:20: error: bad duration \"0 days\" for \"untouched-after\"; expected a whole number from 1 to 9999 and workdays or days (a threshold counts whole days), like \"3 workdays\" [bad-duration]"),
        ] {
            let (r, d) = try decode(text)
            XCTAssertEqual(d.map(\.canonicalLine), [line], text)
            XCTAssertNil(r.supervisionThresholds.untouchedAfter ?? r.supervisionThresholds.followUpWithin)
        }
    }
}
