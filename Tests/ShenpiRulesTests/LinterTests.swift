import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Catalog discovery, local calendars and suppression, on catalogs built in a temporary folder.
final class LinterTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "shenpi-linter-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/flows", withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ relative: String, _ text: String) throws {
        try TestSupport.write(text, to: dir + "/" + relative)
    }

    func lint(_ paths: [String]) throws -> [String] {
        try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: paths).diagnostics.map(\.canonicalLine)
    }

    static let registry = """
        registry: t
        title: 测试
        departments: [{ id: center, title: 中心 }]
        roles: [{ id: window, title: 窗口, department: center }]
        """

    static func flow(calendar: String, limit: String = "2 hours") -> String {
        """
        workflow: hourly
        version: 1
        title: 即办
        department: center
        kind: immediate
        calendar: \(calendar)
        limits: { legal: 1 workday }
        steps:
          - { id: handle, role: window, limit: \(limit), decisions: { ok: done-ok } }
        outcomes:
          - { id: done-ok, kind: granted }
        """
    }

    func testFlowOutsideAnyCatalogWarnsOnce() throws {
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        XCTAssertEqual(try lint(["flows/a.yaml"]), [
            "flows/a.yaml:1:1: warning: no registry.yaml in this folder or above it; roles and departments are not checked (use --registry) [no-registry]"
        ])
    }

    /// A file outside the working folder is shown as named (`../flows/a.yaml`), not by its absolute path.
    func testAFileAboveTheWorkingFolderIsShownAsNamed() throws {
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        try write("work/.keep", "")
        let below = Linter(calendars: TestSupport.calendars, workingDirectory: dir + "/work")
        for path in ["../flows/a.yaml", "../flows", "../flows/"] {
            XCTAssertEqual(try below.lint(paths: [path]).diagnostics.map(\.canonicalLine), [
                "../flows/a.yaml:1:1: warning: no registry.yaml in this folder or above it; roles and departments are not checked (use --registry) [no-registry]"
            ], path)
        }
        XCTAssertEqual(try lint(["./flows/../flows/a.yaml"]).first?.hasPrefix("flows/a.yaml:1:1:"), true)
    }

    func testRegistryIsFoundAboveTheFile() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        XCTAssertEqual(try lint(["flows/a.yaml"]), [])
    }

    func testRegistryErrorsAreReportedOnceWithTheFlowsTheyAffect() throws {
        try write("registry.yaml", Self.registry + "\n" + """
            roles2: x
            """)
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        try write("flows/b.yaml", Self.flow(calendar: "cn", limit: "1 workday").replacingOccurrences(of: "hourly", with: "hourly-b"))
        let expected = ["registry.yaml:5:1: error: unknown key \"roles2\" in a registry; did you mean \"roles\"? [unknown-key]"]
        XCTAssertEqual(try lint(["flows/a.yaml", "flows/b.yaml"]), expected)
        // Named as well, it is linted as itself, once.
        XCTAssertEqual(try lint(["flows/a.yaml", "registry.yaml"]), expected)
    }

    /// A registry that does not load fails a run that named only flows: their
    /// roles and departments went unchecked (it was a warning, exit 0).
    func testABrokenRegistryFailsARunOfNamedFlows() throws {
        try write("registry.yaml", Self.registry + "\noops: [\n")
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        let lines = try lint(["flows/a.yaml"])
        XCTAssertEqual(lines.count, 2, "\(lines)")
        XCTAssertTrue(lines[0].hasPrefix("flows/a.yaml:1:1: warning: registry.yaml is not a usable registry"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("registry.yaml:6:1: error: ") && lines[1].hasSuffix("[syntax]"), lines[1])

        try write("registry.yaml", "workflow-list: [a]\n")
        XCTAssertEqual(try lint(["flows/a.yaml"]).last,
                       "registry.yaml:1:1: error: expected a flow (top-level key \"workflow\") or a registry (top-level key \"registry\"), found neither key [unknown-file-kind]")
    }

    /// A link to nothing (or a loop of links) below a linted folder is an `io`
    /// error, as docs/rules.md says, not a file left out in silence.
    func testABrokenLinkInAFolderIsAnIOError() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        XCTAssertEqual(symlink("nowhere.yaml", dir + "/flows/dangling.yaml"), 0)
        XCTAssertEqual(symlink("loop-b.yaml", dir + "/flows/loop-a.yaml"), 0)
        XCTAssertEqual(symlink("loop-a.yaml", dir + "/flows/loop-b.yaml"), 0)
        XCTAssertEqual(try lint(["flows"]), [
            "flows/dangling.yaml:1:1: error: cannot read file: no such file or directory [io]",
            "flows/loop-a.yaml:1:1: error: cannot read file: too many levels of symbolic links [io]",
            "flows/loop-b.yaml:1:1: error: cannot read file: too many levels of symbolic links [io]",
        ])
    }

    func testLocalCalendarGivesOfficeHours() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "hall"))
        XCTAssertEqual(try lint(["flows"]), [
            "flows/a.yaml:6:11: error: unknown calendar \"hall\"; known calendars: cn, example-center [unknown-calendar]"
        ])
        try write("calendars/hall.cal", "calendar hall\ntitle 大厅\nbase cn\nhours 09:00-12:00 13:00-17:00\n")
        XCTAssertEqual(try lint(["flows"]), [])
    }

    func testScenarioFilesInTheCatalogAreSkipped() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "hall"))
        try write("scenarios/a.yaml", "scenario: 即办\nflow: ../flows/a.yaml\nstart: 2025-09-26\nsteps:\n  - advance: 3 weeks\n")
        let linter = Linter(calendars: TestSupport.calendars, workingDirectory: dir)
        let all = try linter.lint(paths: ["."])
        XCTAssertEqual(all.diagnostics.map(\.canonicalLine), [
            "flows/a.yaml:6:11: error: unknown calendar \"hall\"; known calendars: cn, example-center [unknown-calendar]"
        ], "the flows are checked as before; the scenario is not a stray file")
        XCTAssertEqual(all.filesChecked, 2)
        XCTAssertEqual(all.scenariosSkipped, 1)
        XCTAssertEqual(OutputFormat.text.render(all, snippets: false), all.diagnostics.map { $0.canonicalLine + "\n" }.joined(),
                       "without a terminal the skip is silent")
        let named = try linter.lint(paths: ["scenarios/a.yaml"])
        XCTAssertEqual(named.filesChecked, 0)
        XCTAssertEqual(OutputFormat.text.render(named, snippets: true), "no problems in 0 files; 1 scenario file skipped (run it with shenpi test)\n")
    }

    func testBrokenLocalCalendarIsReportedAtItsLine() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "cn", limit: "1 workday"))
        try write("calendars/hall.cal", "calendar hall\nbase cm\n")
        let out = try lint(["flows"])
        XCTAssertEqual(out.count, 1, "\(out)")
        XCTAssertTrue(out[0].hasPrefix("calendars/hall.cal:2:1: error: unknown base calendar 'cm'; expected one of cn, example-center"), out[0])
        XCTAssertTrue(out[0].hasSuffix("[calendar-data]"), out[0])
    }

    /// Each broken file is reported once and left out; the flows on the
    /// folder's good calendar are checked against it, not told that it is
    /// unknown.
    /// A `.cal` file named on its own (CI linting the changed files) is
    /// checked as calendar data, not read as YAML.
    func testANamedCalendarFileIsCheckedAsCalendarData() throws {
        try write("registry.yaml", Self.registry)
        try write("calendars/hall.cal", "calendar hall\ntitle 大厅\nbase cn\nhours 09:00-12:00 13:00-17:00\n")
        try write("calendars/worse.cal", "calendar worse\nbase nope\n")
        XCTAssertEqual(try lint(["calendars/hall.cal"]), [])
        XCTAssertEqual(try lint(["calendars/worse.cal"]), [
            "calendars/worse.cal:2:1: error: unknown base calendar 'nope'; expected one of cn, example-center, hall [calendar-data]"
        ])
        let result = try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: ["calendars/hall.cal"])
        XCTAssertEqual(result.filesChecked, 1)
        // Both named: each reports its own problems, once.
        XCTAssertEqual(try lint(["calendars/worse.cal", "calendars/hall.cal"]), [
            "calendars/worse.cal:2:1: error: unknown base calendar 'nope'; expected one of cn, example-center, hall [calendar-data]"
        ])
    }

    func testBrokenLocalCalendarsDoNotHideTheGoodOnes() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "hall", limit: "1 workday"))
        try write("calendars/hall.cal", "calendar hall\ntitle 大厅\nbase cn\nhours 09:00-12:00 13:00-17:00\n")
        try write("calendars/bad.cal", "calendar bad\nbase cn\noff 2026-03-02 no source\n")
        try write("calendars/worse.cal", "calendar worse\nbase nope\n")
        XCTAssertEqual(try lint(["flows"]), [
            "calendars/bad.cal:3:1: error: 'off' before any 'year' or 'source' line: every entry must cite its document [calendar-data]",
            "calendars/worse.cal:2:1: error: unknown base calendar 'nope'; expected one of cn, example-center, hall [calendar-data]",
        ])
    }

    /// A flow on a calendar whose own file is broken gets that file's error
    /// only, not an `unknown-calendar` of its own (a year-end typo made every
    /// flow of the catalog report one); a calendar no file defines still is.
    func testAFlowOnABrokenCalendarFileIsNotToldItIsUnknown() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "hall", limit: "1 workday"))
        try write("flows/b.yaml", Self.flow(calendar: "hal", limit: "1 workday").replacingOccurrences(of: "workflow: hourly", with: "workflow: hourly-b"))
        try write("calendars/hall.cal", "calendar hall\ntitle 大厅\nbase cn\nhours 09:00-12:00\nhours 09:00-12:00\n")
        let out = try lint(["flows"])
        XCTAssertEqual(out.first, "calendars/hall.cal:5:1: error: 'hours' given twice [calendar-data]")
        XCTAssertEqual(out.count, 2, "\(out)")
        XCTAssertTrue(out[1].hasPrefix("flows/b.yaml:") && out[1].hasSuffix("[unknown-calendar]"), "\(out)")
    }

    /// The year-end rehearsal: a mistyped date is pointed at, a copy of `cn`
    /// that changes a covered day is reported at the entry that does.
    func testCalendarDataPointsAtTheLineAndTheDate() throws {
        try write("registry.yaml", Self.registry)
        try write("calendars/hall.cal", "calendar hall\nbase cn\nsource 公告\noff  2026-06-31 闭厅\n")
        XCTAssertEqual(try lint(["calendars/hall.cal"]), [
            "calendars/hall.cal:4:6: error: 2026-06-31 is not a date (June has 30 days) [calendar-data]"
        ])
        try write("calendars/hall.cal", "calendar hall\nbase cn\n")
        let cn = try String(contentsOfFile: TestSupport.path("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
            .replacingOccurrences(of: "2026-12-31", with: "2027-12-31") + "\nyear 2027 测试数据（并非国务院办公厅通知）\nwork 2026-12-26 元旦调休\n"
        try write("calendars/cn.cal", cn)
        let line = cn.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        XCTAssertEqual(try lint(["calendars/cn.cal"]), [
            "calendars/cn.cal:\(line):1: error: calendar cn would make 2026-12-26 a working day; it is a day off now (the bundled calendar); "
                + "a local copy of it may only add days, such as next year's notice [calendar-data]"
        ])
    }

    /// A notice copied with several typos is fixed in one pass: every line
    /// in error is reported, and a broken file still leaves the good one
    /// in use.
    func testEveryTypoOfACalendarFileIsReported() throws {
        try write("registry.yaml", Self.registry)
        try write("flows/a.yaml", Self.flow(calendar: "hall", limit: "1 workday"))
        try write("calendars/hall.cal", "calendar hall\ntitle 大厅\nbase cn\nhours 09:00-12:00 13:00-17:00\n")
        try write("calendars/town.cal", "calendar town\nbase cn\nsource 公告\noff  2026-06-31 闭厅\nwork 2026-9-20 调休\noff  2026-03-02..2026-03-01 倒序\n")
        XCTAssertEqual(try lint(["flows"]), [
            "calendars/town.cal:4:6: error: 2026-06-31 is not a date (June has 30 days) [calendar-data]",
            "calendars/town.cal:5:6: error: 2026-9-20 is not an ISO date (YYYY-MM-DD) [calendar-data]",
            "calendars/town.cal:6:1: error: span 2026-03-02..2026-03-01 runs backwards or over a month [calendar-data]",
        ])
        // Two files defining one id: told at the later one's `calendar` line, naming the other's.
        try write("calendars/town.cal", "calendar hall\nbase cn\n")
        XCTAssertEqual(try lint(["flows"]), [
            "calendars/town.cal:1:1: error: calendar 'hall' is also defined in hall.cal:1 [calendar-data]"
        ])
    }

    func testHoursCompareThroughTheCalendarsOfficeDay() throws {
        try write("registry.yaml", Self.registry)
        try write("calendars/hall.cal", "calendar hall\ntitle 大厅\nbase cn\nhours 09:00-12:00 13:00-17:00\n")
        try write("flows/a.yaml", Self.flow(calendar: "hall", limit: "8 hours"))
        XCTAssertEqual(try lint(["flows"]), [
            "flows/a.yaml:9:40: error: step \"handle\" may take 8 hours, longer than the case's legal limit 1 workday [step-limit-above-case-limit]"
        ])
    }

    func testSuppressionNeedsAReasonAndSilencesItsRule() throws {
        try write("registry.yaml", Self.registry)
        let flow = Self.flow(calendar: "cn", limit: "1 workday").replacingOccurrences(of: "steps:", with: "materials: [{ id: extra, title: 多余, form: copy }]\nsteps:")
        try write("flows/a.yaml", flow)
        XCTAssertEqual(try lint(["flows"]).count, 1)
        try write("flows/a.yaml", "# shenpi-lint disable unused-material -- 窗口留存\n" + flow)
        XCTAssertEqual(try lint(["flows"]), [])
        try write("flows/a.yaml", "# shenpi-lint disable unused-material\n" + flow)
        XCTAssertEqual(try lint(["flows"]).map { $0.contains("[bad-suppression]") }, [true, false])
    }

    /// A line of a block or multi-line quoted scalar is text, however it
    /// starts: it cannot switch a rule off.
    func testTextThatLooksLikeASuppressionIsText() throws {
        try write("registry.yaml", Self.registry)
        let flow = Self.flow(calendar: "cn", limit: "1 workday").replacingOccurrences(of: "steps:", with: "materials: [{ id: extra, title: 多余, form: copy }]\nsteps:")
        for text in ["title: |\n  即办\n  # shenpi-lint disable unused-material -- x\n",
                     "title: >-\n  即办\n\n  # shenpi-lint disable unused-material -- x\n",
                     "title: \"即办\n  # shenpi-lint disable unused-material -- x\"\n"] {
            try write("flows/a.yaml", flow.replacingOccurrences(of: "title: 即办\n", with: text))
            let out = try lint(["flows"])
            XCTAssertEqual(out.count, 1, text + out.joined(separator: "\n"))
            XCTAssertTrue(out.first?.hasSuffix("[unused-material]") ?? false, text + out.joined(separator: "\n"))
        }
        // A comment line right after a block scalar is a comment again.
        try write("flows/a.yaml", flow.replacingOccurrences(of: "title: 即办\n", with: "title: |\n  即办\n# shenpi-lint disable unused-material -- 窗口留存\n"))
        XCTAssertEqual(try lint(["flows"]), [])
    }

    func testMissingPathIsAUsageError() {
        XCTAssertThrowsError(try lint(["nope"])) { error in
            XCTAssertEqual((error as? LintUsageError)?.description, "no such file or folder: nope")
        }
    }
}

/// `call-fields` holds a call to what the sub-case's submission refuses.
final class CallFieldsLintTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "shenpi-call-fields-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/flows", withIntermediateDirectories: true)
        try LinterTests.registry.write(toFile: dir + "/registry.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func callFields(caller: String, called: String) throws -> [String] {
        let flow = { (id: String, fields: String, steps: String) in
            """
            workflow: \(id)
            version: 1
            title: \(id)
            department: center
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 10 workdays }
            fields:
            \(fields)
            steps:
            \(steps)
            outcomes:
              - { id: granted, title: 准予, kind: granted }
              - { id: refused, title: 不予, kind: refused }
            """
        }
        try flow("caller", caller, """
              - { id: accept, role: window, limit: 1 workday, decisions: { accept: sub, refuse: refused } }
              - { id: sub, call: called, outcomes: { granted: granted, refused: refused } }
            """).write(toFile: dir + "/flows/caller.yaml", atomically: true, encoding: .utf8)
        try flow("called", called, """
              - { id: review, role: window, limit: 1 workday, decisions: { pass: granted, fail: refused } }
            """).write(toFile: dir + "/flows/called.yaml", atomically: true, encoding: .utf8)
        return try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: ["flows"]).diagnostics
            .map(\.canonicalLine).filter { $0.hasSuffix("[call-fields]") }
    }

    /// A string field takes any string (an enumeration's, a phone number, a
    /// resident id), a number field an integer, a list field any list: the
    /// sub-case's submission accepts them, so the call is sound.
    func testValuesTheCalledFlowAcceptsAreNotReported() throws {
        XCTAssertEqual(try callFields(caller: """
              - { id: phone, title: 电话, type: phone, required: true }
              - { id: use, title: 用途, type: enum, values: [a, b], required: true }
              - { id: id-number, title: 身份证号, type: resident-id, required: true }
              - { id: area, title: 面积, type: integer, required: true }
            """, called: """
              - { id: phone, title: 电话, type: string, required: true }
              - { id: use, title: 用途, type: string, required: true }
              - { id: id-number, title: 身份证号, type: string, required: true }
              - { id: area, title: 面积, type: number, required: true }
            """), [])
    }

    /// The other way round they may be refused, and still are reported.
    func testValuesTheCalledFlowMayRefuseAreReported() throws {
        XCTAssertEqual(try callFields(caller: """
              - { id: phone, title: 电话, type: string, required: true }
              - { id: area, title: 面积, type: number, required: true }
            """, called: """
              - { id: phone, title: 电话, type: phone, required: true }
              - { id: area, title: 面积, type: integer, required: true }
            """).count, 2)
    }

    /// A bound the called flow sets must hold in the caller too: wider or
    /// missing bounds let through what the sub-case refuses.
    func testBoundsOfTheCalledFlowAreCompared() throws {
        let called = "  - { id: n, title: 份数, type: integer, required: false, minimum: 0, maximum: 9 }"
        XCTAssertEqual(try callFields(caller: "  - { id: n, title: 份数, type: integer, required: false, minimum: 0, maximum: 5 }", called: called), [])
        XCTAssertEqual(try callFields(caller: "  - { id: other, title: 其他, type: integer, required: false }", called: called), [], "not handed on")
        let unbounded = try callFields(caller: "  - { id: n, title: 份数, type: integer, required: false }", called: called)
        XCTAssertEqual(unbounded.count, 1)
        XCTAssertTrue(unbounded.first?.contains("field \"n\" may be below 0 here (no minimum), which \"called\" refuses (minimum 0); "
                                                + "the sub-case of step \"sub\" would refuse such a value") == true, "\(unbounded)")
        let wider = try callFields(caller: "  - { id: n, title: 份数, type: integer, required: false, minimum: 0, maximum: 99 }", called: called)
        XCTAssertTrue(wider.first?.contains("may be above 9 here (maximum 99)") == true, "\(wider)")
    }
}

/// `route-loop` on a long chain of routes in a parallel branch (a file
/// under the 1 MiB limit): the search for a branch that ends at once
/// must not exhaust the stack.
final class RouteLoopDepthTests: XCTestCase {
    func testALongChainOfRoutesInABranchDoesNotCrash() throws {
        let dir = NSTemporaryDirectory() + "shenpi-route-chain-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let n = 12_000
        var text = """
            workflow: deep-routes
            version: 1
            title: 深
            department: center
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 10 workdays }
            fields:
              - { id: x, title: X, type: boolean, required: true }
            steps:
              - { id: accept, role: window, limit: 1 workday, decisions: { accept: joint } }
              - id: joint
                parallel:
                  join: all
                  branches:
                    - id: b
                      steps:

            """
        for i in 0..<n {
            text += "            - { id: r\(i), route: [ { when: x, next: \(i + 1 < n ? "r\(i + 1)" : "done") }, { otherwise: t } ] }\n"
        }
        text += """
                        - { id: t, role: window, limit: 1 workday, decisions: { ok: done } }
                next: approve
              - { id: approve, role: window, limit: 1 workday, decisions: { ok: approved } }
            outcomes:
              - { id: approved, title: 准予, kind: granted }

            """
        XCTAssertLessThan(text.utf8.count, 1 << 20)
        try text.write(toFile: dir + "/deep.yaml", atomically: true, encoding: .utf8)
        let lines = try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: ["deep.yaml"]).diagnostics.map(\.canonicalLine)
        XCTAssertEqual(lines.filter { !$0.hasSuffix("[no-registry]") }, [])
    }
}
