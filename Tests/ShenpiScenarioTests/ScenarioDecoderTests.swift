import ShenpiScenario
import ShenpiSyntax
import XCTest

/// Malformed scenario files: every problem positioned, with a `scenario-…` rule id.
final class ScenarioDecoderTests: XCTestCase {
    let head = """
        scenario: s
        flow: f.yaml
        start: 2025-09-26T09:00+08:00
        actors: { w1: [window] }

        """

    func problems(_ text: String) -> [String] {
        switch ScenarioDecoder.decode(text: text, file: "s.yaml") {
        case .success: return []
        case .failure(let p): return p.diagnostics.map(\.canonicalLine)
        }
    }

    /// A case id the daemon would refuse is refused here too.
    func testACaseIdFollowsTheDaemonsRule() {
        let steps = "steps:\n  - advance: 1 days\n"
        for id in ["", "..", "BDC 2025", "办件-1", String(repeating: "x", count: 65)] {
            let found = problems(head + "case: \"\(id)\"\n" + steps)
            XCTAssertEqual(found, ["s.yaml:5:7: error: a case id is 1–64 of A–Z a–z 0–9 - _ . and not only dots, found \"\(id)\" [scenario-invalid-value]"], id)
        }
        XCTAssertEqual(problems(head + "case: BDC-2025.1103_0314\n" + steps), [])
    }

    func testAWellFormedScenarioDecodes() throws {
        let text = head + """
            steps:
              - submit: { fields: { a: 1 }, materials: [m], channel: online }
              - advance: 3 workdays
              - advance-to: 2025-10-16T17:00+08:00
              - decide: { step: accept, decision: accept, by: w1 }
                expect-error: { kind: materials-missing, contains: m }
                expect: { due: 2025-10-16, clock: warning, step-due: { accept: none }, timers: [{ kind: case-timeout }] }
            """
        guard case .success(let s) = ScenarioDecoder.decode(text: text, file: "s.yaml") else { return XCTFail("\(problems(text))") }
        XCTAssertEqual(s.steps.count, 4)
        XCTAssertEqual(s.actors["w1"], ["window"])
        XCTAssertEqual(s.steps[3].expectedError, ExpectedError(kind: "materials-missing", contains: "m", line: 10))
        XCTAssertEqual(s.steps[3].expectation?.checks.map(\.key), ["due", "clock", "step-due", "timers"])
        guard case .advance(let a) = s.steps[1].action else { return XCTFail() }
        XCTAssertEqual(a, Advance(amount: 3, unit: .workdays))
    }

    /// A decision's `expected` is the daemon's shape, one unit; the flow's `20 workdays` is told so.
    func testADecisionsExpectedDurationIsOneUnit() {
        let ok = head + "steps:\n  - decide: { step: review, decision: expert-review, by: w1, expected: { workdays: 20 } }\n"
        guard case .success(let s) = ScenarioDecoder.decode(text: ok, file: "s.yaml"),
              case .command(.decide(_, _, _, _, _, let expected?)) = s.steps.first?.action
        else { return XCTFail("\(problems(ok))") }
        XCTAssertEqual(expected.amount, 20)
        XCTAssertEqual(expected.unit, .workdays)
        XCTAssertEqual(problems(head + "steps:\n  - decide: { step: review, decision: expert-review, by: w1, expected: 20 workdays }\n"), [
            "s.yaml:6:72: error: expected a mapping with one unit for \"expected\", e.g. { workdays: 20 }; found \"20 workdays\" [scenario-wrong-type]"
        ])
    }

    func testExtendNamesTheApprovingOfficerAndTheReason() {
        let ok = head + "steps:\n  - extend: { workdays: 3, reason: 需现场核查, by: w1 }\n"
        guard case .success(let s) = ScenarioDecoder.decode(text: ok, file: "s.yaml"),
            case .command(.extend(let amount, let unit, let reason, let by, _)) = s.steps.first?.action
        else { return XCTFail("\(problems(ok))") }
        XCTAssertEqual(amount, 3)
        XCTAssertEqual(unit, .workdays)
        XCTAssertEqual(reason, "需现场核查")
        XCTAssertEqual(by, "w1")
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 3, reason: r, approver: 局长 }\n"), [
            "s.yaml:6:13: error: \"extend\" is missing the key \"by\" [scenario-missing-key]",
            "s.yaml:6:39: error: unknown key \"approver\" in \"extend\"; expected one of workdays, days, hours, reason, by, case [scenario-unknown-key]",
        ])
        // Art. 42: the applicant is told why.
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 3, by: w1 }\n"), [
            "s.yaml:6:13: error: \"extend\" is missing the key \"reason\" [scenario-missing-key]",
        ])
    }

    func testASpecialProcedureSaysHowLongItTakes() {
        guard case .success(let s) = ScenarioDecoder.decode(text: head + "steps:\n  - start-special-procedure: { reason: 听证, days: 20, by: w1 }\n",
                                                            file: "s.yaml"),
            case .command(.startSpecialProcedure("听证", let expected, "w1", nil)) = s.steps.first?.action
        else { return XCTFail() }
        XCTAssertEqual(expected.amount, 20)
        XCTAssertEqual(expected.unit, .days)
        // Art. 45: the applicant is told how long it takes.
        XCTAssertEqual(problems(head + "steps:\n  - start-special-procedure: { reason: 听证, by: w1 }\n"), [
            "s.yaml:6:30: error: \"start-special-procedure\" needs one of the keys \"workdays\", \"days\", \"hours\" (how long it is expected to take) [scenario-missing-key]",
        ])
        // As the daemon takes them: 1 to 9999, and a reason that is not blank.
        XCTAssertEqual(problems(head + "steps:\n  - start-special-procedure: { reason: 听证, days: 0, by: w1 }\n"), [
            "s.yaml:6:50: error: \"days\" must be from 1 to 9999, found 0 [scenario-invalid-value]",
        ])
        XCTAssertEqual(problems(head + "steps:\n  - start-special-procedure: { reason: 听证, hours: 10000, by: w1 }\n"), [
            "s.yaml:6:51: error: \"hours\" must be from 1 to 9999, found 10000 [scenario-invalid-value]",
        ])
        // An extension's amount alike, refused by the reader rather than later by the engine (bad-extension).
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 0, reason: 需现场核查, by: w1 }\n"), [
            "s.yaml:6:25: error: \"workdays\" must be from 1 to 9999, found 0 [scenario-invalid-value]",
        ])
        XCTAssertEqual(problems(head + "steps:\n  - extend: { hours: 10000, reason: 需现场核查, by: w1 }\n"), [
            "s.yaml:6:22: error: \"hours\" must be from 1 to 9999, found 10000 [scenario-invalid-value]",
        ])
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 3, reason: \" \", by: w1 }\n"), [
            "s.yaml:6:36: error: \"reason\" must say why in words, not be blank or only punctuation: the applicant is told it [scenario-invalid-value]",
        ])
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 3, reason: \"\\x1F。\", by: w1 }\n"), [
            "s.yaml:6:36: error: \"reason\" must say why in words, not be blank or only punctuation: the applicant is told it [scenario-invalid-value]",
        ])
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 3, reason: \(String(repeating: "理", count: 501)), by: w1 }\n"), [
            "s.yaml:6:36: error: \"reason\" is at most 500 characters [scenario-invalid-value]",
        ])
    }

    func testExtendIsWrittenInOneUnit() {
        guard case .success(let s) = ScenarioDecoder.decode(text: head + "steps:\n  - extend: { hours: 4, reason: r, by: w1 }\n", file: "s.yaml"),
            case .command(.extend(4, .hours, "r", "w1", _)) = s.steps.first?.action
        else { return XCTFail() }
        XCTAssertEqual(problems(head + "steps:\n  - extend: { reason: r, by: w1 }\n"), [
            "s.yaml:6:13: error: \"extend\" needs one of the keys \"workdays\", \"days\", \"hours\" (the unit of the case limit) [scenario-missing-key]",
        ])
        XCTAssertEqual(problems(head + "steps:\n  - extend: { workdays: 3, days: 3, reason: r, by: w1 }\n"), [
            "s.yaml:6:28: error: \"extend\" is given in one unit only [scenario-conflicting-keys]",
        ])
    }

    func testUnknownKeysAreReportedWithASuggestion() {
        XCTAssertEqual(problems(head + "stepz: []\n"), [
            "s.yaml:1:1: error: the scenario is missing the key \"steps\" [scenario-missing-key]",
            "s.yaml:5:1: error: unknown key \"stepz\" in the scenario; did you mean \"steps\"? [scenario-unknown-key]",
        ])
    }

    func testBadInstantsAndAdvances() {
        let text = head.replacingOccurrences(of: "2025-09-26T09:00", with: "2025-02-30T09:00") + """
            steps:
              - advance: 2 fortnights
              - advance-to: soon
            """
        XCTAssertEqual(problems(text), [
            "s.yaml:3:8: error: bad instant \"2025-02-30T09:00+08:00\" for \"start\"; expected an ISO 8601 date and time like 2025-09-26T09:00+08:00 [scenario-bad-instant]",
            "s.yaml:6:14: error: bad advance \"2 fortnights\"; expected a whole number from 1 to 10000 and a unit (workdays, days, hours or minutes), like \"3 workdays\" [scenario-bad-advance]",
            "s.yaml:7:17: error: bad instant \"soon\" for \"advance-to\"; expected an ISO 8601 date and time like 2025-09-26T09:00+08:00 [scenario-bad-instant]",
        ])
    }

    func testBadTypesAreReported() {
        let text = head + """
            steps:
              - decide: accept
              - expect: { active: accept, deemed-accepted: yes }
            """
        XCTAssertEqual(problems(text), [
            "s.yaml:6:13: error: expected a mapping for \"decide\", found \"accept\" [scenario-wrong-type]",
            "s.yaml:7:23: error: expected a list for \"active\", found \"accept\" [scenario-wrong-type]",
            "s.yaml:7:48: error: expected true or false for \"deemed-accepted\", found \"yes\" [scenario-wrong-type]",
        ])
    }

    func testStepsDoOneThing() {
        let text = head + """
            steps:
              - {}
              - expect-error: case-finished
              - advance: 1 hours
                expect-error: clock
              - expect: { status: active }
                expect-error: clock
            """
        // A clock move may expect a timer it fires to be refused; an expectation alone may not.
        XCTAssertEqual(problems(text), [
            "s.yaml:6:5: error: an empty step; expected a command (submit, receive, decide, supplement, start-special-procedure, end-special-procedure, extend, withdraw, rate, follow-up, call-back), advance, advance-to or expect [scenario-bad-step]",
            "s.yaml:7:5: error: \"expect-error\" needs the command that must be refused (or the clock move whose timer must be) in the same step [scenario-bad-step]",
            "s.yaml:11:5: error: \"expect-error\" applies to a command, not to an expectation [scenario-bad-step]",
        ])
    }

    func testUnknownOfficersAndErrorKinds() {
        let text = head + """
            steps:
              - receive: { by: w2 }
                expect-error: lost
            """
        let found = problems(text)
        XCTAssertEqual(found.first, "s.yaml:6:20: error: unknown officer \"w2\"; declared: w1 [scenario-unknown-actor]")
        XCTAssertEqual(found.count, 2, "the expect-error of a malformed command is read too")
        XCTAssertTrue(found.last?.hasPrefix("s.yaml:7:19: error: unknown error kind \"lost\"") ?? false, "\(found)")
    }

    func testABadActionDoesNotHideTheErrorsOfItsExpectations() {
        let text = head + """
            steps:
              - advance: 3 weeks
                expect: { status: done, due: 2026-10-32, clock: yellow }
              - decide: { step: accept, decision: accept, by: w9 }
                expect: { on-time: yes }
            """
        XCTAssertEqual(problems(text), [
            "s.yaml:6:14: error: bad advance \"3 weeks\"; expected a whole number from 1 to 10000 and a unit (workdays, days, hours or minutes), like \"3 workdays\" [scenario-bad-advance]",
            "s.yaml:7:23: error: invalid value \"done\" for \"status\"; expected one of new, pre-submitted, active, finished [scenario-invalid-value]",
            "s.yaml:7:34: error: bad date \"2026-10-32\" for \"due\"; no such day (a date like 2025-10-16, the limit's last day, an instant like 2025-10-16T17:00+08:00, or none) [scenario-bad-instant]",
            "s.yaml:7:53: error: invalid value \"yellow\" for \"clock\"; expected one of normal, warning, overdue, none [scenario-invalid-value]",
            "s.yaml:8:51: error: unknown officer \"w9\"; declared: w1 [scenario-unknown-actor]",
            "s.yaml:9:24: error: expected true or false for \"on-time\", found \"yes\" [scenario-wrong-type]",
        ])
    }

    func testEveryKeyOfACommandAndEveryItemOfAListIsRead() {
        let text = head + """
            steps:
              - extend: { workdays: ten, reason: r, by: h1 }
              - submit: { fields: [a], materials: m, channel: fax }
              - expect:
                  timers: [{ kind: reminder, colour: red }, { kind: case-timeout, at: soon }]
                  events: [{ fact: sent }, { fact: decided, clock-start: later }]
                  step-due: { review: 2025-02-30, decide: someday }
            """
        XCTAssertEqual(problems(text).map { $0.components(separatedBy: " error: ")[0] }, [
            "s.yaml:6:25:", "s.yaml:6:45:",  // workdays, by
            "s.yaml:7:23:", "s.yaml:7:39:", "s.yaml:7:51:",  // fields, materials, channel
            "s.yaml:9:24:", "s.yaml:9:34:", "s.yaml:9:75:",  // reminder, colour, soon
            "s.yaml:10:24:", "s.yaml:10:62:",  // sent, later
            "s.yaml:11:27:", "s.yaml:11:47:",  // 2025-02-30, someday
        ])
    }

    func testNoFollowOnErrorsFromABrokenAction() {
        let text = head + """
            steps:
              - decide: { step: accept, decision: accept, by: w9 }
                expect-error: actor-lacks-role
              - advance: 1 hour
                receive: { by: w9 }
                expect-error: not-pre-submitted
            """
        XCTAssertEqual(problems(text), [
            "s.yaml:6:51: error: unknown officer \"w9\"; declared: w1 [scenario-unknown-actor]",
            "s.yaml:8:5: error: a step does one thing, found receive and advance; split it into 2 steps [scenario-bad-step]",
            "s.yaml:9:20: error: unknown officer \"w9\"; declared: w1 [scenario-unknown-actor]",
        ], "a refused command still takes expect-error; a step with two actions is not also told where expect-error belongs")
    }

    func testAFlowOrARegistryIsNamedForWhatItIs() {
        XCTAssertEqual(problems("# 流程\nworkflow: w\nversion: 1\ntitle: t\nsteps: []\n"), [
            "s.yaml:2:1: error: this is a workflow file, not a scenario (it has \"workflow:\"); check flows with shenpi lint [scenario-unknown-file-kind]"
        ])
        XCTAssertEqual(problems("title: t\nregistry: r\ndepartments: []\nroles: []\n"), [
            "s.yaml:2:1: error: this is a registry file, not a scenario (it has \"registry:\"); check registries with shenpi lint [scenario-unknown-file-kind]"
        ])
        let stray = problems(head + "workflow: w\nsteps:\n  - advance: 1 hour\n")
        XCTAssertEqual(stray.count, 1)
        XCTAssertTrue(stray[0].hasSuffix("[scenario-unknown-key]"), "a scenario with a stray workflow key is still a scenario: \(stray)")
    }

    func testYAMLSyntaxErrorsKeepTheLoaderRule() {
        let found = problems("scenario: [unclosed\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("s.yaml:"), found[0])
        XCTAssertFalse(found[0].contains("[scenario-"), found[0])
    }

    func testAnEmptyFile() {
        XCTAssertEqual(problems(""), ["s.yaml:1:1: error: the scenario file is empty [scenario-missing-key]"])
    }

    // MARK: `case:` on commands and expectations: a sub-case named by its call step.

    func testCaseIsReadBesideACommandAndInAnExpectation() throws {
        let text = head + """
            steps:
              - decide: { case: deed-tax-collection, step: review, decision: declared, by: w1 }
              - supplement: { case: deed-tax-collection, materials: [m] }
              - expect: { case: deed-tax-collection, status: active }
            """
        guard case .success(let s) = ScenarioDecoder.decode(text: text, file: "s.yaml") else { return XCTFail() }
        XCTAssertEqual(s.steps.map { $0.subcase?.step }, ["deed-tax-collection", "deed-tax-collection", nil])
        XCTAssertEqual(s.steps[2].expectation?.subcase?.step, "deed-tax-collection")
        XCTAssertEqual(s.steps[2].expectation?.checks.map(\.key), ["status"], "case: is not a check")
    }

    func testASubmissionHasNoCaseAndACaseIsOneStepID() {
        XCTAssertEqual(problems(head + """
            steps:
              - submit: { case: deed-tax-collection }
              - expect: { case: [a, b] }
            """), [
            "s.yaml:6:15: error: unknown key \"case\" in \"submit\"; expected one of fields, materials, channel [scenario-unknown-key]",
            "s.yaml:7:21: error: expected text for \"case\", found a list [scenario-wrong-type]",
        ])
    }
}
