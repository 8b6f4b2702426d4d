import Foundation
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// 违法超期: past the legal limit (法定时限, 20 workdays for business
/// registration), apart from past the promise (5 workdays, the red list).
extension ReportTests {
    func testCasesPastTheLegalLimit() throws {
        let engine = try memoryEngine()
        try store(engine)
        func report(from: String, to: String, at t: String) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: from), to: CivilDate(iso: to), at: at(t)))
        }
        // At the period's end L (finished late) and R (running) are past the promise, none past the law.
        var r = try engine.supervisionReport(Self.period)
        XCTAssertEqual(r.overdue.map(\.caseID), ["L", "R"])
        XCTAssertEqual(r.pastLegalLimit, [])
        XCTAssertTrue(r.text.contains("超过法定时限（违法超期，不限受理时间）：0 件（已办结或撤回 0，统计时点仍在办 0）\n"), r.text)

        // R, accepted 9/22 10:00: 20 working days (National Day off, 9/28 and 10/11 worked) end with 10/24;
        // the flow's warn-before (1 workday) makes that last day yellow: the last chance to act.
        r = try report(from: "2025-10-20", to: "2025-10-24", at: "2025-10-23T17:00")
        XCTAssertEqual(r.nearLegalLimit, [])
        r = try report(from: "2025-10-20", to: "2025-10-24", at: "2025-10-24T17:00")
        XCTAssertEqual(r.pastLegalLimit, [])
        XCTAssertEqual(r.nearLegalLimit.map(\.caseID), ["R"])
        XCTAssertEqual(r.nearLegalLimit.first?.warnAt, at("2025-10-24T00:00"))
        XCTAssertEqual(try report(from: "2025-10-20", to: "2025-10-23", at: "2025-10-24T17:00").nearLegalLimit, [],
                       "yellow from the first instant after that period: a later report's")
        XCTAssertTrue(r.text.contains("临近法定时限（法定时限预警）：1 件\n"
                                      + "  R  business-registration  受理 2025-09-22T10:00  法定时限 20 个工作日 至 2025-10-24  预警 2025-10-24 起  在办 market-approve（market-head）"), r.text)
        let nearJSON = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])?["nearLegalLimit"] as? [[String: Any]])
        XCTAssertEqual(Set(nearJSON.first?.keys.map { $0 } ?? []), ["case", "parent", "workflow", "department", "acceptedAt", "limit", "extended", "due",
                                                                     "warnAt", "provisional", "waitingAt"])
        r = try report(from: "2025-10-20", to: "2025-10-31", at: "2025-10-27T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R"], "accepted before the period, still unlawfully late in it")
        XCTAssertEqual(r.nearLegalLimit.map(\.caseID), [], "U and Y turn yellow on 10/28")
        let lapse = try XCTUnwrap(r.pastLegalLimit.first)
        XCTAssertEqual(lapse.due, at("2025-10-25T00:00"))
        XCTAssertEqual(lapse.limit, TimeLimit(20, .workdays))
        XCTAssertEqual(lapse.extended, 0)
        XCTAssertNil(lapse.finishedAt)
        XCTAssertFalse(lapse.provisional)
        XCTAssertTrue(r.text.contains("超过法定时限（违法超期，不限受理时间）：1 件（已办结或撤回 0，统计时点仍在办 1）\n"
                                      + "  R  business-registration  受理 2025-09-22T10:00  法定时限 20 个工作日 至 2025-10-24  超期 1 个工作日  在办 market-approve（market-head）"), r.text)
        XCTAssertEqual(r.departments.map(\.pastLegal), [1])
        XCTAssertEqual(r.workflows.map(\.pastLegal), [1])
        XCTAssertTrue(r.text.contains("  market  受理 0  办结 0  按时 0/0  逾期 0  违法超期 1（不限受理时间）  预警 0"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let listed = try XCTUnwrap((object["pastLegalLimit"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(listed.keys), ["case", "parent", "workflow", "department", "acceptedAt", "limit", "extended", "due", "finishedAt",
                                          "withdrawn", "provisional", "pastByProvisional", "waitingAt", "pastBy", "stoppedFor"])
        XCTAssertEqual(listed["pastBy"] as? String, "1 workday")
        XCTAssertTrue(listed["stoppedFor"] is NSNull)
        XCTAssertEqual(listed["limit"] as? String, "20 workdays")
        XCTAssertTrue(listed["extended"] is NSNull)
        XCTAssertEqual(listed["due"] as? String, "2025-10-25T00:00:00+08:00")
        XCTAssertEqual((object["departments"] as? [[String: Any]])?.first?["pastLegal"] as? Int, 1)
        // A special procedure started after the limit ran out does not undo it; the list says the case is stopped.
        let quality = Actor(id: "qian.quality", roles: ["quality-officer"])
        try act(engine, "R", .startSpecialProcedure(reason: "检测", actor: quality, expected: TimeLimit(5, .workdays)), "2025-10-27T09:30")
        r = try report(from: "2025-10-20", to: "2025-10-31", at: "2025-10-27T10:00")
        XCTAssertEqual(r.pastLegalLimit.first?.stoppedFor, "检测")
        XCTAssertTrue(r.text.contains("local-tax-register（local-tax-officer）（停表中：检测）\n"), r.text)
        let stopped = try XCTUnwrap(((JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])?["pastLegalLimit"] as? [[String: Any]])?.first)
        XCTAssertEqual(stopped["stoppedFor"] as? String, "检测")
        try act(engine, "R", .endSpecialProcedure(actor: quality), "2025-10-27T10:30")
        XCTAssertNil(try report(from: "2025-10-20", to: "2025-10-31", at: "2025-10-27T11:00").pastLegalLimit.first?.stoppedFor)

        // The period it ran out after does not list it: that report is about the period.
        XCTAssertEqual(try report(from: "2025-09-22", to: "2025-09-30", at: "2025-10-27T09:00").pastLegalLimit, [])

        // Finished on 10/27: listed in the period it finished in, judged at completion ever after.
        for (i, c) in StoreFixtures.branches.enumerated().dropFirst() {
            try engine.apply("R", c, expectedVersion: nil, at: at("2025-10-27T14:00").adding(seconds: i * 600))
        }
        XCTAssertTrue(try engine.case("R").state.isFinished)
        r = try report(from: "2025-10-01", to: "2025-10-31", at: "2026-03-02T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R", "U", "Y"], "U and Y, accepted 9/24, ran out with 10/28 and still run")
        XCTAssertEqual(r.pastLegalLimit.first?.finishedAt, at("2025-10-27T14:50"))
        XCTAssertEqual(r.pastLegalLimit.map { $0.pastBy?.description }, ["1 workday", "84 workdays", "84 workdays"],
                       "R finished 1 working day late; U and Y still run on 2026-03-02")
        XCTAssertTrue(r.text.contains("（已办结或撤回 1，统计时点仍在办 2）\n  R  business-registration  受理 2025-09-22T10:00  法定时限 20 个工作日 至 2025-10-24  超期 1 个工作日  已办结 2025-10-27T14:50\n"), r.text)
        XCTAssertEqual(try report(from: "2025-11-01", to: "2025-11-30", at: "2026-03-02T09:00").pastLegalLimit.map(\.caseID), ["U", "Y"],
                       "R finished before that period; U and Y still run")
        // Run again after R finished, the report of the week R ran out in lists it still (finished since).
        r = try report(from: "2025-10-20", to: "2025-10-24", at: "2026-03-02T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R"], "U and Y ran out after that week")
        XCTAssertEqual(r.pastLegalLimit.first?.finishedAt, at("2025-10-27T14:50"))
        XCTAssertEqual(r.pastLegalLimit.first?.pastByProvisional, false)
        // Judged past the calendar's data (2027's 调休 unpublished): how far past is a guess, and says so.
        r = try report(from: "2025-11-01", to: "2025-11-30", at: "2027-01-05T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.pastByProvisional), [true, true])
        XCTAssertEqual(r.pastLegalLimit.map(\.provisional), [false, false], "the dues themselves are in 2025")
        XCTAssertTrue(r.text.contains("法定时限 20 个工作日 至 2025-10-28  超期 297 个工作日（按周末推算）  在办"), r.text)
        let guessed = try XCTUnwrap(((JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])?["pastLegalLimit"] as? [[String: Any]])?.first)
        XCTAssertEqual(guessed["provisional"] as? Bool, false, "the due is known")
        XCTAssertEqual(guessed["pastByProvisional"] as? Bool, true, "how far past is the guess")
    }

    /// An extension (Art. 42) moves the legal limit and is shown apart from it.
    func testAnExtendedCasePastTheLegalLimitShowsItsExtension() throws {
        let engine = try memoryEngine()
        try store(engine)
        let machine = try StoreFixtures.machine()
        let head = try XCTUnwrap(machine.limits.extensionAllowance?.by)
        try act(engine, "U", .extend(workdays: 5, approver: Actor(id: "zhao.market", roles: [head]), reason: "需现场核查"), "2025-09-26T10:00")
        // U, accepted 9/24 10:00: 20 working days end with 10/28, 5 more with 11/4.
        var r = try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: "2025-11-01"), to: CivilDate(iso: "2025-11-30"),
                                                                at: at("2025-11-04T17:00")))
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R", "Y"])
        r = try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: "2025-11-01"), to: CivilDate(iso: "2025-11-30"),
                                                            at: at("2025-11-05T09:00")))
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R", "Y", "U"])
        let u = try XCTUnwrap(r.pastLegalLimit.last)
        XCTAssertEqual([u.limit, TimeLimit(u.extended, .workdays)], [TimeLimit(20, .workdays), TimeLimit(5, .workdays)])
        XCTAssertEqual(u.due, at("2025-11-05T00:00"))
        XCTAssertTrue(r.text.contains("  U  business-registration  受理 2025-09-24T10:00  法定时限 20 个工作日（延长 5 个工作日） 至 2025-11-04  超期 1 个工作日  在办"), r.text)
    }
}

/// How far past the legal due: days after its last day, or working time.
final class LegalLapsePastByTests: XCTestCase {
    func testPastByInEachUnit() throws {
        let calendar = try StoreFixtures.calendars.calendar("citizen-center")
        func past(_ due: String, _ judged: String, _ unit: TimeUnit) -> String? {
            SupervisionBuilder.pastBy(at(due), at(judged), unit, calendar).map { SupervisionReport.amountWords($0.value) }
        }
        XCTAssertEqual(past("2026-10-09T00:00", "2026-10-10T09:00", .days), "2 个自然日", "10/8 the last day: 10/9 and 10/10")
        XCTAssertEqual(past("2026-10-09T00:00", "2026-10-12T09:00", .workdays), "3 个工作日", "10/9, Saturday 10/10 (worked) and Monday 10/12; not Sunday 10/11")
        XCTAssertEqual(past("2025-11-05T17:30", "2025-11-06T10:00", .hours), "1 个工作小时")
        XCTAssertEqual(past("2025-11-05T17:30", "2025-11-06T10:20", .hours), "1 小时 20 分钟（工作时间）")
        XCTAssertNil(past("2025-11-05T17:30", "2025-11-05T17:00", .hours), "not past")
    }
}

extension ReportTests {
    /// Given the registry's titles, the department lines name the department, not only its id.
    func testDepartmentLinesUseTheRegistrysTitle() throws {
        let engine = try memoryEngine()
        try store(engine)
        var options = Self.period
        options.departmentTitles = ["market": "市场监督管理局"]
        let text = try engine.supervisionReport(options).text
        XCTAssertTrue(text.contains("按部门：\n  市场监督管理局（market）  受理 7  办结 4"), text)
        XCTAssertTrue(text.contains("按事项：\n  business-registration  受理 7"), text)
    }
}
