import Foundation
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// 环节超时: each step past its own limit, with its role and who answered —
/// the case clock alone blames the whole case on the lead department.
extension ReportTests {
    func testStepsPastTheirOwnLimit() throws {
        let engine = try memoryEngine()
        try store(engine)
        let r = try engine.supervisionReport(Self.period)
        // L's four branches (2 workdays from 9/22, due end of 9/24) were decided on 9/30; its approval and issue were not late.
        let l = r.lateSteps.filter { $0.caseID == "L" }
        XCTAssertEqual(l.map(\.step), ["market-review", "quality-code", "national-tax-register", "local-tax-register"])
        XCTAssertEqual(l.map(\.end), Array(repeating: .answered, count: 4))
        XCTAssertEqual(l.map(\.due), Array(repeating: at("2025-09-25T00:00"), count: 4))
        XCTAssertEqual(l.first, LateStep(caseID: "L", workflow: "business-registration", department: "market", step: "market-review",
                                         role: "market-reviewer", enteredAt: at("2025-09-22T10:00"), clockStartedAt: at("2025-09-22T10:00"), due: at("2025-09-25T00:00"),
                                         end: .answered, leftAt: at("2025-09-30T14:00"), decision: "recommend-approve", by: "m1"))
        // R, U and Y wait past their steps' limits; R's market review was on time (9/23), its approval (1 workday) is not.
        XCTAssertEqual(r.lateSteps.filter { $0.caseID == "R" }.map(\.step),
                       ["market-approve", "quality-code", "national-tax-register", "local-tax-register"], "due together: in flow order")
        XCTAssertEqual(Set(r.lateSteps.filter { $0.caseID != "L" }.map(\.end)), [.open])
        XCTAssertEqual(r.lateSteps.count, 16)
        XCTAssertFalse(r.lateSteps.contains { ["A1", "A2", "A3", "OLD", "N"].contains($0.caseID) }, "on time, or before the period")
        XCTAssertEqual(r.lateStepsByRole.map { [$0.key, "\($0.count)", "\($0.open)"] }, [
            ["local-tax-officer", "4", "3"], ["national-tax-officer", "4", "3"], ["quality-officer", "4", "3"],
            ["market-head", "2", "2"], ["market-reviewer", "2", "1"],
        ])
        XCTAssertTrue(r.text.contains("环节超时（环节办理超过本环节时限：本期超时办理，或至统计时点仍未办理）：16 个（仍未办理 12 个）\n"
                                      + "  L  business-registration  market-review（market-reviewer）  进入 2025-09-22T10:00  时限 2025-09-24  "
                                      + "超时办理 2025-09-30T14:00（m1，recommend-approve）\n"), r.text)
        XCTAssertTrue(r.text.contains("  R  business-registration  market-approve（market-head）  进入 2025-09-23T09:00  时限 2025-09-24  仍未办理\n"), r.text)
        XCTAssertTrue(r.text.contains("  按岗位：local-tax-officer 4（未办 3），national-tax-officer 4（未办 3），quality-officer 4（未办 3），"
                                      + "market-head 2（未办 2），market-reviewer 2（未办 1）\n"), r.text)

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let steps = try XCTUnwrap(object["lateSteps"] as? [[String: Any]])
        XCTAssertEqual(Set(steps[0].keys), ["case", "parent", "workflow", "department", "step", "role", "roleDepartment", "enteredAt",
                                            "clockStartedAt", "due", "end", "leftAt", "decision", "by"])
        XCTAssertTrue(steps[0]["roleDepartment"] is NSNull, "no registry given")
        XCTAssertEqual((object["lateStepsByDepartment"] as? [Any])?.count, 0, "no registry given")
        XCTAssertFalse(r.text.contains("  按承办部门："), r.text)
        XCTAssertEqual(steps.filter { $0["end"] as? String == "answered" }.count, 4)
        XCTAssertTrue(steps.first { $0["end"] as? String == "open" }?["leftAt"] is NSNull)
        XCTAssertEqual((object["lateStepsByRole"] as? [[String: Any]])?.first?["role"] as? String, "local-tax-officer")
    }

    /// A step answered late is counted in the period of its answer; one still
    /// waiting is listed in every period until it is answered.
    func testALateStepBelongsToThePeriodOfItsAnswer() throws {
        let engine = try memoryEngine()
        try store(engine)
        func report(_ from: String, _ to: String, _ t: String) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: from), to: CivilDate(iso: to), at: at(t)))
        }
        // Before L's branches were decided: open.
        var r = try report("2025-09-22", "2025-09-26", "2025-09-26T17:00")
        XCTAssertEqual(r.lateSteps.filter { $0.caseID == "L" }.map(\.end), Array(repeating: .open, count: 4))
        // Due in the period but not yet run out at `at`: not listed.
        r = try report("2025-09-22", "2025-09-24", "2025-09-24T17:00")
        XCTAssertEqual(r.lateSteps, [])
        // A quiet week later: L's answered steps belong to September; R, U and Y still wait.
        r = try report("2025-10-08", "2025-10-10", "2025-10-10T17:00")
        XCTAssertEqual(Set(r.lateSteps.map(\.caseID)), ["R", "U", "Y", "N"], "N's intake timer has not fired in this store")
        XCTAssertEqual(r.lateSteps.count, 13)
        XCTAssertEqual(r.departments, [], "late steps add no breakdown rows")
        // Answered in that week: late, answered, by whom.
        try act(engine, "R", StoreFixtures.branches[2], "2025-10-09T09:00")
        r = try report("2025-10-08", "2025-10-10", "2025-10-10T17:00")
        let answered = try XCTUnwrap(r.lateSteps.first { $0.caseID == "R" && $0.step == "quality-code" })
        XCTAssertEqual([answered.end.rawValue, answered.by, answered.decision], ["answered", "q1", "pass"])
        XCTAssertEqual(answered.leftAt, at("2025-10-09T09:00"))
    }

    /// One branch refuses: the others, already late, are cancelled — listed
    /// as such, with no decision of their own.
    func testLateBranchesCancelledByARefusal() throws {
        let engine = try memoryEngine()
        try open(engine, "X", "2025-09-22T09:30")
        try act(engine, "X", StoreFixtures.accept, "2025-09-22T10:00")
        let refuse = Command.decide(node: "quality-code", decision: "refuse", actor: StoreFixtures.officer("q1", "quality-officer"),
                                    comment: "组织机构代码信息与营业执照不符")
        try act(engine, "X", refuse, "2025-09-26T10:00")
        let r = try engine.supervisionReport(Self.period)
        XCTAssertEqual(r.lateSteps.map { [$0.step, $0.end.rawValue, $0.decision ?? "—", $0.by ?? "—"] }, [
            ["market-review", "cancelled", "—", "—"], ["quality-code", "answered", "refuse", "q1"],
            ["national-tax-register", "cancelled", "—", "—"], ["local-tax-register", "cancelled", "—", "—"],
        ])
        XCTAssertTrue(r.text.contains("  X  business-registration  market-review（market-reviewer）  进入 2025-09-22T10:00  时限 2025-09-24  "
                                      + "超时后取消 2025-09-26T10:00\n"), r.text)
    }

    /// The intake's own limit ran out and its `on-timeout` accepted the case (视为受理).
    func testAnIntakeAcceptedBySilenceIsALateStep() throws {
        let engine = try memoryEngine()
        try open(engine, "D", "2025-09-22T09:30")
        _ = try engine.fireDueTimers(upTo: at("2025-09-30T17:00"))
        XCTAssertEqual(try engine.case("D").state.deemedAccepted, true)
        let r = try engine.supervisionReport(Self.period)
        let intake = try XCTUnwrap(r.lateSteps.first { $0.step == "accept" })
        XCTAssertEqual([intake.end.rawValue, intake.decision, intake.by, intake.role], ["timedOut", "accept", "system", "window"])
        XCTAssertEqual(intake.leftAt, intake.due)
        XCTAssertTrue(r.text.contains("  D  business-registration  accept（window）  进入 2025-09-22T09:30  时限 2025-09-23  到期自动处理（accept）\n"), r.text)
    }
}

extension ReportUnansweredTests {
    /// An intake answered after its limit was never shown: off the 逾期未受理
    /// list once answered, and on time by its case clock, which starts at
    /// acceptance. It is a late step.
    func testAnIntakeAnsweredLateIsShown() throws {
        let engine = try store()
        try engine.apply("SILENT", .decide(node: "review", decision: "declared", actor: Self.officer, comment: nil),
                         expectedVersion: nil, at: at("2025-09-29T10:00"))
        let r = try engine.supervisionReport(Self.options)
        XCTAssertFalse(r.unanswered.contains { $0.caseID == "SILENT" })
        let silent = try XCTUnwrap(r.lateSteps.first { $0.caseID == "SILENT" })
        XCTAssertEqual(silent, LateStep(caseID: "SILENT", workflow: "deed-tax", department: "local-tax", step: "review", role: "deed-tax-officer",
                                        enteredAt: at("2025-09-24T09:30"), clockStartedAt: at("2025-09-24T09:30"), due: at("2025-09-24T11:30"), end: .answered,
                                        leftAt: at("2025-09-29T10:00"), decision: "declared", by: "t1"))
        // Still waiting, BEFORE is in both lists; TOLD's intake answered on time is in neither. DECLARED and
        // SILENT then wait past the assessment's hour; DEEMED's intake timer has not fired in this store.
        XCTAssertEqual(r.lateSteps.map { [$0.caseID, $0.step, $0.end.rawValue] }, [
            ["BEFORE", "review", "open"], ["DECLARED", "assess", "open"], ["SILENT", "review", "answered"],
            ["DEEMED", "accept", "open"], ["SILENT", "assess", "open"],
        ])
        XCTAssertTrue(r.text.contains("  SILENT  deed-tax  review（deed-tax-officer）  进入 2025-09-24T09:30  时限 2025-09-24T11:30  "
                                      + "超时办理 2025-09-29T10:00（t1，declared）\n"), r.text)
    }
}

extension ReportTests {
    /// With the registry's roles, a late step is its role's department's:
    /// in a parallel block, often not the flow's.
    func testLateStepsByTheirRolesDepartment() throws {
        let engine = try memoryEngine()
        try store(engine)
        var options = Self.period
        options.roleDepartments = ["market-reviewer": "market", "market-head": "market", "quality-officer": "quality",
                                   "national-tax-officer": "national-tax", "local-tax-officer": "local-tax"]
        let r = try engine.supervisionReport(options)
        XCTAssertEqual(r.lateSteps.first { $0.step == "quality-code" }?.roleDepartment, "quality")
        XCTAssertEqual(r.lateStepsByDepartment.map { [$0.key, "\($0.count)", "\($0.open)"] }, [
            ["local-tax", "4", "3"], ["market", "4", "3"], ["national-tax", "4", "3"], ["quality", "4", "3"],
        ])
        XCTAssertTrue(r.text.contains("  按承办部门：local-tax 4（未办 3），market 4（未办 3），national-tax 4（未办 3），quality 4（未办 3）\n"), r.text)
        // A role the registry does not name is counted under no department (null in the JSON).
        options.roleDepartments = ["market-head": "market"]
        let partial = try engine.supervisionReport(options)
        XCTAssertEqual(partial.lateStepsByDepartment.map { [$0.key, "\($0.count)"] }, [["", "14"], ["market", "2"]])
        XCTAssertTrue(partial.text.contains("  按承办部门：（未知） 14（未办 10），market 2（未办 2）\n"), partial.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(partial.json.utf8)) as? [String: Any])
        XCTAssertTrue((object["lateStepsByDepartment"] as? [[String: Any]])?.first?["department"] is NSNull)
        XCTAssertEqual(r.departments.map(\.key), ["market"], "the breakdowns stay the flow's department's")
    }

    /// The log of a case is read only when a step can have run out: the
    /// bound must never exceed a real step limit's span.
    func testTheShortestStepLimitIsALowerBound() throws {
        XCTAssertEqual(SupervisionBuilder.shortestStepLimit(try StoreFixtures.machine()), 86_400, "1 workday ends after the next day")
        XCTAssertEqual(SupervisionBuilder.shortestStepLimit(try StoreFixtures.machine(ReportUnansweredTests.deedTax)), 3_600, "assess: 1 hour")
    }
}

extension ReportTests {
    /// The report reads more logs now (late steps): one that does not decode
    /// names its case in `unreadable` and leaves it out, as a damaged
    /// snapshot does, instead of failing the whole report.
    func testADamagedLogIsNamedAndLeftOut() throws {
        let engine = try memoryEngine()
        try store(engine)
        let whole = try engine.supervisionReport(Self.period)
        try engine.database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER command_log_no_update")
            try db.execute(sql: "UPDATE command_log SET body = x'5b7b7d5d' WHERE case_id = 'L' AND version = 2")
        }
        let r = try CaseEngine(database: engine.database, calendars: StoreFixtures.calendars).supervisionReport(Self.period)
        XCTAssertEqual(r.unreadable, ["L"])
        XCTAssertEqual([r.submitted, r.accepted, r.completed], [whole.submitted - 1, whole.accepted - 1, whole.completed - 1])
        XCTAssertFalse(r.lateSteps.contains { $0.caseID == "L" })
        XCTAssertFalse(r.overdue.contains { $0.caseID == "L" })
        XCTAssertEqual(whole.callbackDays.map(\.day.description), ["2025-09-23", "2025-09-30"])
        XCTAssertEqual(r.callbackDays.map(\.day.description), ["2025-09-23"], "L alone finished on 9/30: not half counted")
        XCTAssertTrue(r.text.contains("未计入 1 件（快照或日志无法解码") && r.text.contains("L"), r.text)
        // Its 差评 is left out with it: the ratings add up.
        XCTAssertEqual([r.ratings.count, r.ratings.negative], [whole.ratings.count - 1, whole.ratings.negative - 1])
        XCTAssertFalse(r.negativeRatings.contains { $0.caseID == "L" })
        XCTAssertEqual(r.ratings.count, r.ratings.satisfied + r.ratings.negative)
    }
}
