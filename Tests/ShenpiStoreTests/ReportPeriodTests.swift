import Foundation
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// 回访 over the period, day by day: at least one applicant in ten reached,
/// whatever sample the callers drew; a 差评's follow-up round does not
/// count for the day the case finished.
extension ReportTests {
    func testCallbackDaysOfThePeriod() throws {
        let caller = Actor(id: "sun.callback", roles: [])
        let engine = try memoryEngine()
        let fixture = self
        try store(engine)
        func report(_ t: String) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at(t)))
        }

        // A1, A2, A3 finished on 9/23 (one to reach), L on 9/30 (one); OLD on 9/19 is before the period.
        var r = try report("2025-09-30T17:00")
        XCTAssertEqual(r.callbackDays.map { [$0.day.description, "\($0.served)", "\($0.required)", "\($0.reached)", "\($0.isShort)"] },
                       [["2025-09-23", "3", "1", "0", "true"], ["2025-09-30", "1", "1", "0", "true"]])
        XCTAssertTrue(r.text.contains("回访（统计期内逐日，每日不少于当日办毕人数的 10%；办毕含办结、不予受理、撤回）：办毕 4 人，应回访 2 人，已回访 0 人（不满意 0），未接通 0 人；未达标 2 天\n"
                                      + "  2025-09-23  办毕 3 人  应回访 1 人  已回访 0 人（不满意 0）  未接通 0 人\n"
                                      + "  2025-09-30  办毕 1 人  应回访 1 人  已回访 0 人（不满意 0）  未接通 0 人\n"), r.text)

        // A3 not reached, then reached and dissatisfied; its 差评 is followed up and
        // the new round's callback is satisfied: 9/23 keeps the first round's answer.
        try fixture.act(engine, "A3", .callBack(result: .unreachable, comment: nil, actor: caller), "2025-09-24T10:00")
        try fixture.act(engine, "A3", .callBack(result: .dissatisfied, comment: "窗口态度差", actor: caller), "2025-09-24T15:00")
        try fixture.act(engine, "L", .callBack(result: .unreachable, comment: nil, actor: caller), "2025-10-08T10:00")
        let officer = Actor(id: "zhao.market", roles: ["market-head"])
        try fixture.act(engine, "A3", .followUp(result: .rectified, comment: "已约谈窗口人员并致歉", actor: officer), "2025-10-10T11:00")
        try fixture.act(engine, "A3", .callBack(result: .satisfied, comment: nil, actor: caller), "2025-10-13T09:30")
        XCTAssertEqual(try engine.case("A3").state.callback, .satisfied, "the state holds the follow-up's round")

        r = try report("2025-10-31T17:00")
        let day = try XCTUnwrap(r.callbackDays.first)
        XCTAssertEqual([day.reached, day.dissatisfied, day.unreachable], [1, 1, 0])
        XCTAssertFalse(day.isShort)
        XCTAssertEqual(r.callbackDays.last.map { [$0.reached, $0.unreachable] }, [0, 1])
        XCTAssertEqual([r.callbackTotals.served, r.callbackTotals.required, r.callbackTotals.reached, r.callbackTotals.unreachable], [4, 2, 1, 1])
        XCTAssertTrue(r.text.contains("办毕 4 人，应回访 2 人，已回访 1 人（不满意 1），未接通 1 人；未达标 1 天\n"
                                      + "  2025-09-30  办毕 1 人  应回访 1 人  已回访 0 人（不满意 0）  未接通 1 人\n"
                                      + "  回访不满意 1 人（回访后 15 个工作日内整改反馈）：已反馈 0 人，待反馈 0 人，超时 0 人（含超时反馈）；已评差评 1 人，见差评整改反馈\n"
                                      + "    A3  business-registration  准予登记，核发营业执照  办毕 2025-09-23T14:50  回访 2025-09-24T15:00（sun.callback）：“窗口态度差”  见差评整改反馈\n"), r.text)
        XCTAssertEqual(r.dissatisfiedCallbacks.map { [$0.caseID, "\($0.attempts)"] }, [["A3", "2"]], "what the applicant said, whatever the sample")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        XCTAssertEqual(object["callbackTotals"] as? [String: Int],
                       ["served": 4, "withoutPhone": 0, "required": 2, "reached": 1, "dissatisfied": 1, "unreachable": 1, "shortDays": 1])
        let days = try XCTUnwrap(object["callbackDays"] as? [[String: Any]])
        XCTAssertEqual(days.map { $0["day"] as? String }, ["2025-09-23", "2025-09-30"])
        XCTAssertEqual(days[1]["short"] as? Bool, true)
        // A3 was rated 差评: its follow-up is judged there, once.
        let said = try XCTUnwrap((object["dissatisfiedCallbacks"] as? [[String: Any]])?.first)
        XCTAssertEqual(said["negativeRating"] as? Bool, true)
        XCTAssertTrue(said["followUp"] is NSNull && said["followUpDue"] is NSNull, "\(said)")

        // Judged before the calls: as before them.
        XCTAssertEqual(try report("2025-09-24T12:00").callbackDays.first?.reached, 0)
    }

    /// A dissatisfied call on a case not rated 差评 is followed up as one: the
    /// report tracks its follow-ups and the call after them, which reopens it.
    func testADissatisfiedCallIsFollowedUpAndReopenedLikeA差评() throws {
        let caller = Actor(id: "sun.callback", roles: [])
        let engine = try memoryEngine()
        try store(engine)
        func report(_ t: String) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at(t)))
        }
        func line(_ r: SupervisionReport) -> String { r.text.split(separator: "\n").first { $0.hasPrefix("    A2  ") }.map(String.init) ?? r.text }
        // A2, rated 3 on 9/24, finished 9/23.
        try act(engine, "A2", .callBack(result: .dissatisfied, comment: "材料被要求交了两次", actor: caller), "2025-09-24T10:00")
        try act(engine, "A2", .followUp(result: .rectified, comment: "已核实并致歉", actor: caller), "2025-09-25T10:00")
        try act(engine, "A2", .callBack(result: .dissatisfied, comment: "还是不满意", actor: caller), "2025-09-26T10:00")
        var r = try report("2025-09-30T17:00")
        XCTAssertEqual(line(r), "    A2  business-registration  准予登记，核发营业执照  办毕 2025-09-23T14:50  回访 2025-09-24T10:00（sun.callback）：“材料被要求交了两次”"
                       + "  反馈时限 2025-10-21  已整改并反馈 2025-09-25T10:00（sun.callback）：“已核实并致歉”"
                       + "；回访不满意 2025-09-26T10:00（sun.callback）：“还是不满意”，待再次整改反馈")
        XCTAssertTrue(r.text.contains("  回访不满意 1 人（回访后 15 个工作日内整改反馈）：已反馈 0 人，待反馈 1 人，超时 0 人（含超时反馈）\n"), r.text)
        XCTAssertEqual(r.dissatisfiedCallbacks.first { $0.caseID == "A2" }.map { [$0.reopened, $0.isOpen] }, [true, true])
        // By department and flow too: A2's call (A3's is a 差评, counted as one).
        XCTAssertEqual(r.departments.first { $0.key == "market" }.map { [$0.dissatisfied, $0.dissatisfiedOverdue] }, [1, 0])
        XCTAssertEqual(r.workflows.first { $0.key == "business-registration" }?.dissatisfied, 1)
        XCTAssertTrue(r.text.contains("  回访不满意 1\n") || r.text.contains("  回访不满意 1  "), r.text)
        XCTAssertEqual(try report("2025-10-22T09:00").departments.first { $0.key == "market" }?.dissatisfiedOverdue, 0,
                       "reopened and still open past the call's limit, yet judged by its first follow-up, which was in time")
        try act(engine, "A2", .followUp(result: .unfounded, comment: "材料只收一次，已当面说明", actor: caller), "2025-09-29T10:00")
        r = try report("2025-09-30T17:00")
        XCTAssertEqual(line(r), "    A2  business-registration  准予登记，核发营业执照  办毕 2025-09-23T14:50  回访 2025-09-24T10:00（sun.callback）：“材料被要求交了两次”"
                       + "  反馈时限 2025-10-21  核实不属实，已说明 2025-09-29T10:00（sun.callback），第 2 次（前次回访不满意）：“材料只收一次，已当面说明”")
        XCTAssertTrue(r.text.contains("已反馈 1 人，待反馈 0 人"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let a2 = try XCTUnwrap((object["dissatisfiedCallbacks"] as? [[String: Any]])?.first { $0["case"] as? String == "A2" })
        XCTAssertEqual(a2["followUpCount"] as? Int, 2)
        XCTAssertEqual(a2["firstFollowedUpAt"] as? String, "2025-09-25T10:00:00+08:00")
        XCTAssertEqual(a2["reopened"] as? Bool, false)
        XCTAssertEqual((a2["followUp"] as? [String: Any])?["result"] as? String, "unfounded")
    }

    /// A dissatisfied call about a case finished before the period, not
    /// followed up yet, is listed until it is: the period's list would miss it.
    func testAnEarlierDissatisfiedCallStaysListedUntilFollowedUp() throws {
        let caller = Actor(id: "sun.callback", roles: [])
        let engine = try memoryEngine()
        try store(engine)
        func report(_ t: String, from: String? = Self.period.from?.description) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: from.flatMap { CivilDate(iso: $0) }, to: Self.period.to, at: at(t)))
        }
        // OLD finished on 9/19, before the period, rated 3; called back in it.
        try act(engine, "OLD", .callBack(result: .dissatisfied, comment: "证照寄错地址", actor: caller), "2025-09-22T10:00")
        var r = try report("2025-09-30T17:00")
        XCTAssertEqual(r.earlierOpenCallbacks.map(\.caseID), ["OLD"])
        XCTAssertEqual(r.earlierOpenCallbacks.first?.followUpDue, at("2025-10-18T00:00"), "15 working days after 9/22, the 国庆 week off")
        XCTAssertEqual(r.dissatisfiedCallbacks.map(\.caseID), [], "not an applicant of the period")
        XCTAssertTrue(r.text.contains("  统计期前办结、回访不满意仍待整改反馈：1 人（超时 0 人）\n"
                                      + "    OLD  business-registration  准予登记，核发营业执照  办毕 2025-09-19T14:50  回访 2025-09-22T10:00（sun.callback）："
                                      + "“证照寄错地址”  反馈时限 2025-10-17  待整改反馈\n"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        XCTAssertEqual((object["earlierOpenCallbacks"] as? [[String: Any]])?.first?["followUpLate"] as? Bool, false)
        // Past its limit and still open: late.
        XCTAssertEqual(try report("2025-10-20T09:00").earlierOpenCallbacks.map { $0.followUpLate(at: at("2025-10-20T09:00")) }, [true])
        // Without a period start there is no "before".
        XCTAssertEqual(try report("2025-09-30T17:00", from: nil).earlierOpenCallbacks.count, 0)
        // Followed up: off the list.
        try act(engine, "OLD", .followUp(result: .rectified, comment: "已重新寄送并致歉", actor: caller), "2025-10-09T10:00")
        r = try report("2025-10-09T17:00")
        XCTAssertEqual(r.earlierOpenCallbacks.count, 0)
        XCTAssertEqual(try report("2025-10-09T09:00").earlierOpenCallbacks.map(\.caseID), ["OLD"], "as it stood before the follow-up")
        // The week it was answered in lists it as that week's work.
        func week(_ t: String) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: "2025-10-09"), to: CivilDate(iso: "2025-10-15"), at: at(t)))
        }
        r = try week("2025-10-09T17:00")
        XCTAssertEqual(r.earlierClosedCallbacks.map(\.caseID), ["OLD"])
        XCTAssertTrue(r.text.contains("  统计期前办结、回访不满意本期整改反馈：1 人\n"), r.text)
        // Called back about the follow-up, dissatisfied again: open once more, judged by its first follow-up, in time.
        try act(engine, "OLD", .callBack(result: .dissatisfied, comment: "寄来的还是旧证", actor: caller), "2025-10-10T10:00")
        r = try week("2025-10-20T09:00")
        let reopened = try XCTUnwrap(r.earlierOpenCallbacks.first)
        XCTAssertEqual([reopened.caseID, reopened.callbackComment ?? "", reopened.followUpComment ?? ""], ["OLD", "证照寄错地址", "已重新寄送并致歉"])
        XCTAssertEqual([reopened.reopened, reopened.followUpLate(at: at("2025-10-20T09:00"))], [true, false])
        XCTAssertEqual(reopened.followUpDue, at("2025-10-18T00:00"), "the first call's limit")
        XCTAssertEqual(r.earlierClosedCallbacks.count, 0)
    }

    func testADissatisfiedCallIsLateWhenFollowedUpAfterItsLimitOrNeverByIt() {
        let due = Instant(iso: "2025-10-22T00:00:00+08:00")!
        var e = CallbackEntry(caseID: "A", workflow: "w", outcome: "approved", finishedAt: due, phone: nil)
        XCTAssertFalse(e.followUpLate(at: due.adding(seconds: 3600)), "no limit without a dissatisfied call")
        e.followUpDue = due
        XCTAssertFalse(e.followUpLate(at: due))
        XCTAssertTrue(e.followUpLate(at: due.adding(seconds: 1)))
        e.firstFollowedUpAt = due.adding(seconds: -60)
        XCTAssertFalse(e.followUpLate(at: due.adding(seconds: 86_400)), "followed up in time")
        e.firstFollowedUpAt = due.adding(seconds: 60)
        XCTAssertTrue(e.followUpLate(at: due.adding(seconds: 86_400)), "followed up after the limit")
        e.negativeRating = true
        XCTAssertFalse(e.followUpLate(at: due.adding(seconds: 86_400)), "a 差评's lateness is the 差评 list's")
    }

    func testCallbackDayWithoutPhones() {
        var d = CallbackDay(day: CivilDate(iso: "2025-09-23")!)
        d.served = 12
        XCTAssertEqual(d.required, 2)
        d.withoutPhone = 11
        d.reached = 1
        XCTAssertFalse(d.isShort, "only one could be called, and was")
        d.reached = 0
        XCTAssertTrue(d.isShort)
        d.withoutPhone = 12
        XCTAssertFalse(d.isShort, "nobody could be called")
    }
}

extension ReportTests {
    /// 本期办结: cases finished in the period whenever accepted, so that a
    /// case accepted in one week and finished in the next counts in the next.
    func testCasesFinishedInThePeriodWheneverAccepted() throws {
        let engine = try memoryEngine()
        try store(engine)
        // E: accepted Thu 9/18, due at the end of 9/25, finished 9/26 (late); E2 on time.
        try finished(engine, "E", day: "2025-09-18", finishDay: "2025-09-26")
        try finished(engine, "E2", day: "2025-09-19", finishDay: "2025-09-23")
        let r = try engine.supervisionReport(Self.period)
        XCTAssertEqual([r.accepted, r.completed], [7, 4], "the cohort is the cases accepted in the period")
        XCTAssertEqual([r.finished.completed, r.finished.acceptedBefore, r.finished.judged, r.finished.onTime], [6, 2, 6, 4])
        XCTAssertEqual(r.lateAcceptedBefore.map(\.caseID), ["E"])
        XCTAssertEqual(r.lateAcceptedBefore.first?.due, at("2025-09-26T00:00"))
        XCTAssertEqual(r.overdue.map(\.caseID), ["L", "R"], "the cohort's own late ones stay where they were")
        XCTAssertEqual(r.departments.map { [$0.finished, $0.finishedJudged, $0.finishedOnTime] }, [[6, 6, 4]])
        XCTAssertTrue(r.text.contains("本期办结 6 件（含统计期前受理 2 件），按时办结率 66.7%（4/6）\n"), r.text)
        XCTAssertTrue(r.text.contains("统计期前受理、本期超期办结：1 件\n"
                                      + "  E  business-registration  受理 2025-09-18T10:00  时限 2025-09-25  已办结 2025-09-26T14:50（超期办结）\n"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let finished = try XCTUnwrap(object["finished"] as? [String: Any])
        XCTAssertEqual(finished["acceptedBefore"] as? Int, 2)
        XCTAssertEqual(finished["onTimeRate"] as? Double, 0.6667)
        XCTAssertEqual((object["lateAcceptedBefore"] as? [[String: Any]])?.first?["case"] as? String, "E")

        // Without a start the period reaches back to the first case: nothing is before it.
        let open = try engine.supervisionReport(SupervisionOptions(to: Self.period.to, at: Self.period.at))
        XCTAssertEqual(open.finished.acceptedBefore, 0)
        XCTAssertEqual(open.lateAcceptedBefore, [])
        XCTAssertFalse(open.text.contains("本期办结"), "an open period: the cohort's own figures say it")
    }
}

extension ReportTests {
    /// Last week's late work stays in this week's report: running cases
    /// accepted before the period and red, yellow or untouched at `at`; and
    /// one withdrawn late is listed with those finished late.
    func testEarlierCasesStillRunningOrWithdrawnLate() throws {
        let engine = try memoryEngine()
        try store(engine)
        // ER: accepted Mon 9/15, nobody acted: due at the end of 9/22, red and untouched.
        try open(engine, "ER", "2025-09-15T09:30")
        try act(engine, "ER", StoreFixtures.accept, "2025-09-15T10:00")
        // EY: accepted Fri 9/19, one branch decided: due at the end of 9/26 (Mon 9/22 … Fri 9/26), yellow on 9/26.
        try open(engine, "EY", "2025-09-19T09:30")
        try act(engine, "EY", StoreFixtures.accept, "2025-09-19T10:00")
        try act(engine, "EY", StoreFixtures.branches[0], "2025-09-22T09:00")
        // WB: accepted 9/15, withdrawn after its limit.
        try open(engine, "WB", "2025-09-15T09:30")
        try act(engine, "WB", StoreFixtures.accept, "2025-09-15T10:00")
        try act(engine, "WB", .withdraw(reason: "久未办结，申请人撤回"), "2025-09-25T10:00")

        var options = Self.period
        options.at = at("2025-09-26T10:00")
        let r = try engine.supervisionReport(options)
        XCTAssertEqual(r.earlierRunning.map { "\($0.caseID) \($0.colour.rawValue) \($0.untouchedSince != nil)" }, ["ER red true", "EY yellow false"])
        XCTAssertEqual(r.earlierRunning.first?.waitingAt.first?.role, "market-reviewer")
        XCTAssertEqual(r.overdue.map(\.caseID), [], "the cohort's lists are unchanged")
        XCTAssertEqual(r.lateAcceptedBefore.map { "\($0.caseID) \($0.withdrawn)" }, ["WB true"], "a withdrawal does not erase lateness")
        XCTAssertEqual([r.finished.completed, r.finished.withdrawn], [3, 1])
        XCTAssertTrue(r.text.contains("统计期前受理、仍在办的逾期、临近时限或无人办理：2 件（红灯 1，黄灯 1，只受不理 1）\n"
                                      + "  ER  business-registration  受理 2025-09-15T10:00  时限 2025-09-22  红灯  至 2025-09-18 期满仍无人办理  在办 market-review"), r.text)
        XCTAssertTrue(r.text.contains("  EY  business-registration  受理 2025-09-19T10:00  时限 2025-09-26  黄灯（预警 2025-09-26 起）  在办 "), r.text)
        XCTAssertTrue(r.text.contains("  WB  business-registration  受理 2025-09-15T10:00  时限 2025-09-22  已撤回 2025-09-25T10:00（超期后撤回）\n"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        XCTAssertEqual((object["earlierRunning"] as? [[String: Any]])?.map { $0["colour"] as? String }, ["red", "yellow"])

        // An open period has nothing before it.
        XCTAssertEqual(try engine.supervisionReport(SupervisionOptions(to: Self.period.to, at: options.at)).earlierRunning, [])
    }

    /// A 差评 followed up before anyone called: the callback after it answers for the day.
    func testTheDayRoundWhenTheFollowUpCameFirst() throws {
        let engine = try memoryEngine()
        try store(engine)
        let officer = Actor(id: "zhao.market", roles: [])
        try act(engine, "A3", .followUp(result: .rectified, comment: "已约谈窗口人员并致歉", actor: officer), "2025-09-25T11:00")
        try act(engine, "A3", .callBack(result: .satisfied, comment: nil, actor: Actor(id: "sun.callback", roles: [])), "2025-09-26T09:30")
        func report(seed: UInt64) throws -> SupervisionReport {
            try engine.supervisionReport(SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at("2025-09-30T17:00"),
                                                            callbackDay: CivilDate(iso: "2025-09-23"), sampleSeed: seed))
        }
        let r = try report(seed: 1)
        XCTAssertEqual(r.callbackDays.first.map { [$0.reached, $0.isShort ? 1 : 0] }, [1, 0])
        // A seed whose sample of 9/23 draws A3: it reads the same round.
        let seed = try XCTUnwrap((1...64).first { try report(seed: $0).callback.sample.contains { $0.caseID == "A3" } })
        XCTAssertEqual(try report(seed: seed).callback.sample.first?.callback, .satisfied)
    }

    /// A period with nothing in it has no department or flow rows.
    func testAQuietPeriodHasNoBreakdownRows() throws {
        let engine = try memoryEngine()
        try store(engine)
        let r = try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: "2025-10-08"), to: CivilDate(iso: "2025-10-10"),
                                                                at: at("2025-10-10T17:00")))
        XCTAssertEqual([r.accepted, r.finished.completed], [0, 0])
        XCTAssertEqual(r.departments, [])
        XCTAssertEqual(r.workflows, [])
    }
}

extension ReportTests {
    /// A week ending on a Sunday: the default callback day is the last day of
    /// the period that served someone; a day asked for is kept.
    func testTheDefaultCallbackDayIsOneThatServedSomeone() throws {
        let engine = try memoryEngine()
        try store(engine)
        let sunday = CivilDate(iso: "2025-09-28")
        var options = SupervisionOptions(from: Self.period.from, to: sunday, at: at("2025-09-30T17:00"))
        var r = try engine.supervisionReport(options)
        XCTAssertEqual(r.callback.day, CivilDate(iso: "2025-09-23"))
        XCTAssertEqual([r.callback.served, r.callback.sample.count], [3, 1])
        XCTAssertEqual(r.callback.seed, 20250923)
        options.callbackDay = sunday
        r = try engine.supervisionReport(options)
        XCTAssertEqual([r.callback.served, r.callback.sample.count], [0, 0])
        XCTAssertEqual(r.callback.day, sunday)
    }
}
