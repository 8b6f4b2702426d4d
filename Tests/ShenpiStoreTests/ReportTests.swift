import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// The supervision report (督查) on a store whose cases ran through the real
/// business-registration flow (promised 5 workdays, warning 1 workday before)
/// at fixed instants. Period 2025-09-22 … 2025-09-30, judged 2025-09-30T17:00.
///
/// | case | accepted | then | at 9/30 17:00 |
/// | --- | --- | --- | --- |
/// | OLD | 9/19 | finished 9/19, rated 3 on 9/19 | outside the period |
/// | A1, A2, A3 | 9/22 | finished 9/23 on time; rated 5, 3, 2 | on time |
/// | L | 9/22 | finished 9/30 14:50 (due end of 9/28), rated 1 at 16:00 | red at completion |
/// | R | 9/22 | market review 9/23, then nothing | red, running |
/// | Y | 9/24 | market review 9/25 | yellow (due end of 9/30) |
/// | U | 9/24 | nothing after acceptance | yellow and 只受不理 (since 9/29 00:00) |
/// | N | — | submitted 9/29, not accepted | submitted only |
final class ReportTests: XCTestCase {
    /// Where an accepted business registration waits: its four parallel branches.
    static let fourBranches = [
        WaitingStep(step: "market-review", role: "market-reviewer"), WaitingStep(step: "quality-code", role: "quality-officer"),
        WaitingStep(step: "national-tax-register", role: "national-tax-officer"), WaitingStep(step: "local-tax-register", role: "local-tax-officer"),
    ]
    static let period = SupervisionOptions(from: CivilDate(iso: "2025-09-22"), to: CivilDate(iso: "2025-09-30"),
                                           at: at("2025-09-30T17:00"))

    func open(_ engine: CaseEngine, _ id: String, _ t: String) throws {
        let m = try StoreFixtures.machine()
        try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at(t))
    }

    func act(_ engine: CaseEngine, _ id: String, _ command: Command, _ t: String) throws {
        try engine.apply(id, command, expectedVersion: nil, at: at(t))
    }

    /// Opens at `day`T09:30, accepts at 10:00, then runs every branch decision from `finishDay`T14:00 (ten minutes apart).
    func finished(_ engine: CaseEngine, _ id: String, day: String, finishDay: String) throws {
        try open(engine, id, "\(day)T09:30")
        try act(engine, id, StoreFixtures.accept, "\(day)T10:00")
        for (i, c) in StoreFixtures.branches.enumerated() {
            try engine.apply(id, c, expectedVersion: nil, at: at("\(finishDay)T14:00").adding(seconds: i * 600))
        }
    }

    func store(_ engine: CaseEngine) throws {
        try finished(engine, "OLD", day: "2025-09-19", finishDay: "2025-09-19")
        try act(engine, "OLD", .rate(level: 3, comment: nil), "2025-09-19T16:00")
        for (id, level, comment) in [("A1", 5, "很快"), ("A2", 3, nil), ("A3", 2, "窗口态度差\n【银行】")] {
            try finished(engine, id, day: "2025-09-22", finishDay: "2025-09-23")
            try act(engine, id, .rate(level: level, comment: comment), "2025-09-24T09:00")
        }
        try finished(engine, "L", day: "2025-09-22", finishDay: "2025-09-30")
        try act(engine, "L", .rate(level: 1, comment: "超期才办好"), "2025-09-30T16:00")
        try open(engine, "R", "2025-09-22T09:30")
        try act(engine, "R", StoreFixtures.accept, "2025-09-22T10:00")
        try act(engine, "R", StoreFixtures.branches[0], "2025-09-23T09:00")
        try open(engine, "Y", "2025-09-24T09:30")
        try act(engine, "Y", StoreFixtures.accept, "2025-09-24T10:00")
        try act(engine, "Y", StoreFixtures.branches[0], "2025-09-25T09:00")
        try open(engine, "U", "2025-09-24T09:30")
        try act(engine, "U", StoreFixtures.accept, "2025-09-24T10:00")
        try open(engine, "N", "2025-09-29T09:30")
    }

    func testFiguresOverThePeriod() throws {
        let engine = try memoryEngine()
        try store(engine)
        let r = try engine.supervisionReport(Self.period)
        XCTAssertEqual(r.at, at("2025-09-30T17:00"))
        XCTAssertEqual([r.submitted, r.accepted, r.completed, r.judged, r.onTime], [8, 7, 4, 4, 3])
        XCTAssertEqual(try XCTUnwrap(r.completionRate), 4.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(r.onTimeRate, 0.75)

        XCTAssertEqual(r.ratings, RatingSummary(count: 4, satisfied: 2, negative: 2, byLevel: [1, 1, 1, 0, 1]))
        XCTAssertEqual(r.ratings.satisfactionRate, 0.5)
        // Follow-ups due at the end of the 15th working day after the rating day:
        // the National Day week and the Saturday 10/11 worked count as they are.
        XCTAssertEqual(r.negativeRatings, [
            RatedCase(caseID: "A3", workflow: "business-registration", department: "market", level: 2,
                      comment: "窗口态度差\n【银行】", ratedAt: at("2025-09-24T09:00"), followUpDue: at("2025-10-22T00:00")),
            RatedCase(caseID: "L", workflow: "business-registration", department: "market", level: 1,
                      comment: "超期才办好", ratedAt: at("2025-09-30T16:00"), followUpDue: at("2025-10-29T00:00")),
        ])
        XCTAssertEqual([r.ratings.followedUp, r.ratings.followUpOverdue], [0, 0])
        XCTAssertEqual(r.earlierOpenFollowUps, [])

        XCTAssertEqual(r.untouched, [UntouchedCase(caseID: "U", workflow: "business-registration", department: "market",
                                                   acceptedAt: at("2025-09-24T10:00"), deemed: false,
                                                   untouchedSince: at("2025-09-29T00:00"), waitingAt: Self.fourBranches)])
        // L finished late (judged at completion), R is still running past its limit (end of 9/28).
        XCTAssertEqual(r.overdue.map(\.caseID), ["L", "R"])
        XCTAssertEqual(r.overdue.map(\.due), [at("2025-09-29T00:00"), at("2025-09-29T00:00")])
        XCTAssertEqual(r.overdue.map(\.finishedAt), [at("2025-09-30T14:50"), nil])
        XCTAssertEqual(r.warning.map(\.caseID), ["U", "Y"])
        XCTAssertEqual(r.warning.map(\.due), [at("2025-10-01T00:00"), at("2025-10-01T00:00")])
        XCTAssertEqual(r.warning.map(\.warnAt), [at("2025-09-30T00:00"), at("2025-09-30T00:00")])

        var market = Breakdown(key: "market")
        (market.accepted, market.completed, market.judged, market.onTime) = (7, 4, 4, 3)
        (market.overdue, market.warning, market.untouched, market.negative) = (2, 2, 1, 2)
        (market.finished, market.finishedJudged, market.finishedOnTime) = (4, 4, 3)
        XCTAssertEqual(r.departments, [market])
        market.key = "business-registration"
        XCTAssertEqual(r.workflows, [market])

        // The callback day defaults to --to: only L finished on 9/30.
        XCTAssertEqual(r.callback.day, CivilDate(iso: "2025-09-30"))
        XCTAssertEqual(r.callback.seed, 20_250_930)
        XCTAssertEqual(r.callback.served, 1)
        var sampled = CallbackEntry(caseID: "L", workflow: "business-registration", outcome: "approved", finishedAt: at("2025-09-30T14:50"),
                                    phone: "0571-85100001")
        sampled.outcomeTitle = "准予登记，核发营业执照"
        XCTAssertEqual(r.callback.sample, [sampled])
    }

    func testFinishedCasesStayJudgedAtCompletionAndRunningOnesAtTheInstant() throws {
        let engine = try memoryEngine()
        try store(engine)
        var options = Self.period
        options.at = at("2025-10-20T12:00")
        let later = try engine.supervisionReport(options)
        XCTAssertEqual(later.overdue.map(\.caseID), ["L", "R", "U", "Y"], "Y and U ran out; L stays red")
        XCTAssertEqual(later.warning, [])
        XCTAssertEqual([later.completed, later.judged, later.onTime], [4, 4, 3], "nothing re-judged")
        XCTAssertEqual(later.untouched.map(\.caseID), ["U"])
    }

    func testAnEarlierInstantSeesTheStoreAsItWasThen() throws {
        let engine = try memoryEngine()
        try store(engine)
        var options = Self.period
        options.at = at("2025-09-26T12:00")
        let r = try engine.supervisionReport(options)
        XCTAssertEqual([r.submitted, r.accepted, r.completed, r.judged, r.onTime], [7, 7, 3, 3, 3])
        XCTAssertEqual(r.overdue, [])
        XCTAssertEqual(r.warning, [], "warn-before 1 workday: yellow only on the last working day (9/28)")
        var lastDay = Self.period
        lastDay.at = at("2025-09-28T12:00")
        XCTAssertEqual(try engine.supervisionReport(lastDay).warning.map(\.caseID), ["L", "R"], "L was still running, in its warning day")
        // Nobody had touched L since 9/22 (its branches were decided on 9/30); U's three working days had not run out.
        XCTAssertEqual(r.untouched.map(\.caseID), ["L"])
        XCTAssertEqual(r.untouched.first?.untouchedSince, at("2025-09-26T00:00"))
        XCTAssertEqual(r.ratings.count, 3)
        XCTAssertEqual(r.negativeRatings.map(\.caseID), ["A3"])
    }

    func testWithoutAnInstantTheLatestChangeInTheStoreIsUsed() throws {
        let engine = try memoryEngine()
        try store(engine)
        var options = Self.period
        options.at = nil
        XCTAssertEqual(try engine.supervisionReport(options).at, at("2025-09-30T16:00"))
        let empty = try memoryEngine().supervisionReport(SupervisionOptions())
        XCTAssertEqual([empty.submitted, empty.accepted, empty.completed], [0, 0, 0])
        XCTAssertNil(empty.completionRate)
        XCTAssertNil(empty.ratings.satisfactionRate)
    }

    func testAnOpenPeriodCoversEveryCase() throws {
        let engine = try memoryEngine()
        try store(engine)
        let r = try engine.supervisionReport(SupervisionOptions(at: at("2025-09-30T17:00")))
        XCTAssertEqual([r.submitted, r.accepted, r.completed], [9, 8, 5])
        XCTAssertEqual(r.ratings.count, 5)
    }

    /// One case whose snapshot does not decode is named and left out of
    /// every figure; the report of the others still comes.
    func testADamagedCaseIsNamedAndLeftOut() throws {
        let engine = try memoryEngine()
        try store(engine)
        let options = SupervisionOptions(at: at("2025-09-30T17:00"))
        let whole = try engine.supervisionReport(options)
        XCTAssertEqual(whole.unreadable, [])
        let victim = try XCTUnwrap(engine.cases(status: .active, at: at("2025-09-30T17:00")).first?.id)
        try engine.database.writer.write { try $0.execute(sql: #"UPDATE "case" SET snapshot = x'7b7d' WHERE id = ?"#, arguments: [victim]) }
        let r = try CaseEngine(database: engine.database, calendars: StoreFixtures.calendars).supervisionReport(options)
        XCTAssertEqual(r.unreadable, [victim])
        XCTAssertEqual([r.submitted, r.accepted], [whole.submitted - 1, whole.accepted - 1])
        func unreadable(_ report: SupervisionReport) throws -> [String]? {
            try (JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])?["unreadable"] as? [String]
        }
        XCTAssertEqual(try unreadable(r), [victim])
        XCTAssertEqual(try unreadable(whole), [])
        XCTAssertTrue(r.text.contains("未计入 1 件") && r.text.contains(victim), r.text)
        XCTAssertFalse(whole.text.contains("未计入"))
    }

    func testTheUntouchedThreshold() throws {
        let engine = try memoryEngine()
        try store(engine)
        var options = Self.period
        options.untouchedAfter = TimeLimit(5, .workdays)
        XCTAssertEqual(try engine.supervisionReport(options).untouched, [])
        options.untouchedAfter = TimeLimit(2, .days)
        let report = try engine.supervisionReport(options)
        let days = report.untouched
        XCTAssertEqual(days.map(\.caseID), ["U"])
        XCTAssertEqual(days.first?.untouchedSince, at("2025-09-27T00:00"))
        // The threshold's last day (a Friday), not the Saturday it ran out on.
        XCTAssertTrue(report.text.contains("受理 2025-09-24T10:00  至 2025-09-26 期满仍无人办理"), report.text)
        // R and Y were acted on after acceptance: never untouched, however long.
        options.untouchedAfter = TimeLimit(0, .days)
        XCTAssertEqual(try engine.supervisionReport(options).untouched.map(\.caseID), ["U"])
    }

    /// A deemed acceptance dates back to the receipt (Art. 32), but the
    /// officers have the case only from the moment the timer moved it on:
    /// 只受不理 counts from then (a midnight counting that day), not from
    /// the receipt — which ran the threshold out before the acceptance.
    func testUntouchedCountsADeemedAcceptanceFromWhenItHappened() throws {
        let engine = try memoryEngine()
        try open(engine, "D", "2025-09-22T09:30")
        // Nobody at the window: deemed accepted when the intake's limit passes, at midnight 9/24.
        _ = try engine.fireDueTimers(upTo: at("2025-09-24T00:00"))
        XCTAssertEqual(try engine.case("D").state.acceptedAt, at("2025-09-22T09:30"))
        var options = SupervisionOptions(from: CivilDate(iso: "2025-09-22"), to: CivilDate(iso: "2025-09-30"), at: at("2025-09-24T12:00"))
        options.untouchedAfter = TimeLimit(1, .workdays)
        XCTAssertEqual(try engine.supervisionReport(options).untouched, [], "the officers have had it since this morning")
        options.at = at("2025-09-25T10:00")
        let report = try engine.supervisionReport(options)
        XCTAssertEqual(report.untouched.map(\.caseID), ["D"])
        XCTAssertEqual(report.untouched.first?.untouchedSince, at("2025-09-25T00:00"), "9/24, the day it came, was their one day")
    }

    /// U, accepted 9/24 and left alone, is 只受不理 in a later week: it has no
    /// `case_acted` row, so its log (damaged here) is not read; when the row
    /// does not know (an upgrade that could not read the log), the log is
    /// read and the damage shows. R's row names its 9/23 review:
    /// seen from before it, R was untouched too.
    func testUntouchedIsReadOffTheRowNotTheLog() throws {
        let engine = try memoryEngine()
        try store(engine)
        try engine.database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER command_log_no_update")
            try db.execute(sql: "UPDATE command_log SET body = x'5b7b7d5d' WHERE case_id = 'U' AND version = 1")
        }
        let later = SupervisionOptions(from: CivilDate(iso: "2025-10-13"), to: CivilDate(iso: "2025-10-17"), at: at("2025-10-17T17:00"))
        let r = try engine.supervisionReport(later)
        XCTAssertEqual(r.unreadable, [])
        XCTAssertEqual(r.earlierRunning.filter { $0.untouchedSince != nil }.map(\.caseID), ["U"])
        try engine.database.writer.write { try $0.execute(sql: "INSERT INTO case_acted VALUES ('U', -1)") }
        XCTAssertEqual(try engine.supervisionReport(later).unreadable, ["U"])

        var early = SupervisionOptions(from: CivilDate(iso: "2025-09-22"), to: CivilDate(iso: "2025-09-22"), at: at("2025-09-23T08:00"))
        early.untouchedAfter = TimeLimit(0, .days)
        XCTAssertEqual(try engine.supervisionReport(early).untouched.map(\.caseID).sorted(), ["A1", "A2", "A3", "L", "R"])
    }

    func testTheCallbackSampleIsATenthReproducibleAndSeeded() throws {
        func build() throws -> CaseEngine {
            let engine = try memoryEngine()
            try store(engine)
            for i in 1...12 { try finished(engine, "S-\(i)", day: "2025-09-22", finishDay: "2025-09-23") }
            return engine
        }
        let first = try build(), second = try build()
        var options = Self.period
        options.callbackDay = CivilDate(iso: "2025-09-23")
        let a = try first.supervisionReport(options).callback
        XCTAssertEqual(a.served, 15)
        XCTAssertEqual(a.sample.count, 2, "⌈15 / 10⌉")
        XCTAssertEqual(a.seed, 20_250_923)
        let served = Set(["A1", "A2", "A3"] + (1...12).map { "S-\($0)" })
        XCTAssertTrue(a.sample.allSatisfy { served.contains($0.caseID) && $0.finishedAt.date == CivilDate(iso: "2025-09-23") })
        XCTAssertEqual(try first.supervisionReport(options).callback, a)
        XCTAssertEqual(try second.supervisionReport(options).callback, a, "another store with the same cases")

        var samples = Set<[String]>()
        for seed in UInt64(1)...20 {
            options.sampleSeed = seed
            let c = try first.supervisionReport(options).callback
            XCTAssertEqual(c.seed, seed)
            XCTAssertEqual(c.sample.count, 2)
            XCTAssertEqual(c.sample, try second.supervisionReport(options).callback.sample)
            samples.insert(c.sample.map(\.caseID))
        }
        XCTAssertGreaterThan(samples.count, 5, "the seed changes the sample")
    }

    /// Only applicants who can be called are drawn; the size counts everyone served.
    func testTheSampleIsDrawnAmongThoseWithAPhone() {
        func entry(_ id: String, _ phone: String?) -> CallbackEntry {
            CallbackEntry(caseID: id, workflow: "deed-tax", outcome: "collected", finishedAt: at("2025-09-23T10:00"), phone: phone)
        }
        var served: [String: CallbackEntry] = [:]
        for i in 1...11 { served["N-\(i)"] = entry("N-\(i)", nil) }
        served["P-1"] = entry("P-1", "13800000001")
        for seed in UInt64(1)...10 {
            let (sample, without) = CallbackSampling.sample(served, seed: seed)
            XCTAssertEqual(sample.map(\.caseID), ["P-1"], "⌈12 / 10⌉ = 2 asked, one can be called")
            XCTAssertEqual(without, 11)
        }
        served["P-2"] = entry("P-2", "13800000002")
        XCTAssertEqual(CallbackSampling.sample(served, seed: 7).sample.map(\.caseID), ["P-1", "P-2"])
        XCTAssertEqual(CallbackSampling.sample([:], seed: 7).sample, [])
    }

    func testSamplingArithmetic() {
        XCTAssertEqual([0, 1, 9, 10, 11, 20, 21, 100].map(CallbackSampling.sampleSize), [0, 1, 1, 1, 2, 2, 3, 10])
        XCTAssertEqual(CallbackSampling.defaultSeed(CivilDate(iso: "2025-09-23")!), 20_250_923)
        var rng = SplitMix64(seed: 0)
        XCTAssertEqual(rng.next(), 0xE220_A839_7B1D_CDAF, "the published SplitMix64 sequence")
        let people = (1...50).map { "P-\($0)" }
        let drawn = CallbackSampling.draw(people, size: 5, seed: 7)
        XCTAssertEqual(drawn.count, 5)
        XCTAssertEqual(Set(drawn).count, 5)
        XCTAssertEqual(CallbackSampling.draw(people.reversed(), size: 5, seed: 7), drawn, "the order rows come in does not matter")
        XCTAssertEqual(CallbackSampling.draw(people, size: 60, seed: 7), people.sorted())
    }

    /// A 差评's follow-up: recorded once, by whom and when, on the rating row
    /// the report reads; late or missing ones listed, whatever the period.
    func testFollowUpsOfNegativeRatings() throws {
        let engine = try memoryEngine()
        try store(engine)
        let officer = Actor(id: "zhao.market", roles: [])
        try act(engine, "A3", .followUp(result: .rectified, comment: "已约谈窗口人员并致歉", actor: officer), "2025-10-10T11:00")
        // Only a 差评, only once, only with words.
        for (id, command, refusal) in [
            ("A1", Command.followUp(result: .unfounded, comment: "x", actor: officer), EngineError.notNegative(level: 5)),
            ("A3", .followUp(result: .unfounded, comment: "x", actor: officer), .alreadyFollowedUp),
            ("L", .followUp(result: .rectified, comment: " \n", actor: officer), .followUpWithoutComment),
            ("R", .followUp(result: .rectified, comment: "x", actor: officer), .notRated),
        ] {
            XCTAssertThrowsError(try act(engine, id, command, "2025-10-10T12:00"), id) { error in
                XCTAssertEqual(error as? CaseEngineError, .engine(refusal), id)
            }
        }
        XCTAssertEqual(try engine.case("A3").state.followUp, FollowUp(result: .rectified, comment: "已约谈窗口人员并致歉"))
        try act(engine, "A3", .callBack(result: .satisfied, comment: nil, actor: Actor(id: "sun.callback", roles: [])), "2025-10-13T09:30")

        // A period after the ratings: L, rated before it and still open, is listed, late from 10/29 on.
        var later = SupervisionOptions(from: CivilDate(iso: "2025-10-01"), to: CivilDate(iso: "2025-10-31"), at: at("2025-10-28T09:00"))
        var r = try engine.supervisionReport(later)
        XCTAssertEqual(r.negativeRatings, [])
        XCTAssertEqual(r.earlierOpenFollowUps.map(\.caseID), ["L"], "open, not yet due: still listed")
        XCTAssertEqual(r.earlierClosedFollowUps.map(\.caseID), ["A3"], "rated before the period, followed up in it")
        XCTAssertTrue(r.text.contains("统计期前的差评本期整改反馈：1 件\n  A3  market  business-registration  2 不满意"), r.text)
        XCTAssertTrue(r.text.contains("统计期前的差评仍待整改反馈：1 件（超时 0 件）\n"), r.text)
        later.at = at("2025-10-30T09:00")
        r = try engine.supervisionReport(later)
        XCTAssertEqual(r.earlierOpenFollowUps.map(\.caseID), ["L"])
        XCTAssertTrue(r.text.contains("统计期前的差评仍待整改反馈：1 件（超时 1 件）\n"
                                      + "  L  market  business-registration  1 非常不满意  评价于 2025-09-30T16:00  “超期才办好”  反馈时限 2025-10-28  逾期未整改反馈\n"),
                      r.text)
        // Rated after a period's end: neither in that period nor before it.
        r = try engine.supervisionReport(SupervisionOptions(from: CivilDate(iso: "2025-09-01"), to: CivilDate(iso: "2025-09-29"), at: at("2025-10-30T09:00")))
        XCTAssertEqual(r.earlierOpenFollowUps.map(\.caseID), [])

        // Over the ratings' period, judged then: A3 followed up on time, L late and still open.
        r = try engine.supervisionReport(SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at("2025-10-30T09:00")))
        XCTAssertEqual([r.ratings.negative, r.ratings.followedUp, r.ratings.followUpOverdue], [2, 1, 1])
        let a3 = try XCTUnwrap(r.negativeRatings.first)
        XCTAssertEqual([a3.followUp?.rawValue, a3.followedUpBy], ["rectified", "zhao.market"])
        XCTAssertEqual(a3.followedUpAt, at("2025-10-10T11:00"))
        XCTAssertTrue(r.text.contains("反馈时限 2025-10-21  已整改并反馈 2025-10-10T11:00（zhao.market）：“已约谈窗口人员并致歉”"
                                      + "；回访满意 2025-10-13T09:30（sun.callback）\n"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let listed = try XCTUnwrap(object["negativeRatings"] as? [[String: Any]])
        XCTAssertEqual(listed[0]["followUp"] as? [String: String],
                       ["result": "rectified", "at": "2025-10-10T11:00:00+08:00", "by": "zhao.market", "comment": "已约谈窗口人员并致歉"])
        XCTAssertEqual(listed[1]["followUpLate"] as? Bool, true)
        XCTAssertTrue(listed[1]["followUp"] is NSNull)
        XCTAssertEqual((listed[0]["callback"] as? [String: Any])?["result"] as? String, "satisfied")
        XCTAssertTrue(listed[1]["callback"] is NSNull)

        // Judged before it was recorded, the follow-up is not known yet; a shorter local limit makes it late.
        r = try engine.supervisionReport(SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at("2025-10-09T17:00")))
        XCTAssertEqual(r.negativeRatings.first?.followUp, nil)
        later = SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at("2025-10-30T09:00"), followUpWithin: TimeLimit(5, .workdays))
        r = try engine.supervisionReport(later)
        XCTAssertEqual(r.negativeRatings.first?.followUpDue, at("2025-10-01T00:00"), "9/28, a Sunday, was worked")
        XCTAssertEqual(r.ratings.followUpOverdue, 2, "A3 was followed up in the second week")
        XCTAssertEqual(r.departments.map { [$0.key, "\($0.negative)", "\($0.followUpOverdue)"] }, [["market", "2", "2"]])
        XCTAssertTrue(r.text.contains("  差评 2（超时未整改反馈 2）  本期办结 4（按时 3/4）\n"), r.text)
        XCTAssertTrue(r.text.contains("已整改并反馈 2025-10-10T11:00（zhao.market），超时：“已约谈窗口人员并致歉”；回访满意 2025-10-13T09:30（sun.callback）\n"), r.text)
        let audit = try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars)
        XCTAssertNil(audit.mismatch, "the follow-up is re-run and its row checked")
        XCTAssertEqual(audit.notRerun, 0)
    }

    /// The day's sample calls L before its follow-up (not the 差评's callback);
    /// the call after the follow-up finds the applicant dissatisfied, which
    /// reopens the 差评 until it is followed up again.
    func testADissatisfiedCallbackReopensAFollowedUp差评() throws {
        let engine = try memoryEngine()
        try store(engine)
        let office = Actor(id: "sun.callback", roles: []), officer = Actor(id: "zhao.market", roles: [])
        try act(engine, "L", .callBack(result: .satisfied, comment: nil, actor: office), "2025-10-09T09:00")
        XCTAssertThrowsError(try act(engine, "L", .callBack(result: .satisfied, comment: nil, actor: office), "2025-10-09T09:10"))
        try act(engine, "L", .followUp(result: .unfounded, comment: "经核实，办理未超出延长后的期限", actor: officer), "2025-10-10T10:00")
        var options = SupervisionOptions(from: Self.period.from, to: Self.period.to, at: at("2025-10-10T17:00"))
        var l = try XCTUnwrap(engine.supervisionReport(options).negativeRatings.last)
        XCTAssertNil(l.callback, "the sample's call came before the follow-up")
        XCTAssertFalse(l.isOpen)
        // Called back about the follow-up: not satisfied. Reopened, and open again in the figures.
        try act(engine, "L", .callBack(result: .dissatisfied, comment: "仍认为超期", actor: office), "2025-10-13T09:00")
        options.at = at("2025-10-13T17:00")
        var r = try engine.supervisionReport(options)
        l = try XCTUnwrap(r.negativeRatings.last)
        XCTAssertTrue(l.reopened)
        XCTAssertEqual([r.ratings.negative, r.ratings.followedUp], [2, 0])
        XCTAssertTrue(r.text.contains("核实不属实，已说明 2025-10-10T10:00（zhao.market）：“经核实，办理未超出延长后的期限”"
                                      + "；回访不满意 2025-10-13T09:00（sun.callback）：“仍认为超期”，待再次整改反馈\n"), r.text)
        // Followed up again, then the applicant can be called back again.
        try act(engine, "L", .followUp(result: .rectified, comment: "已补正办理期限说明并致歉", actor: officer), "2025-10-14T10:00")
        XCTAssertThrowsError(try act(engine, "L", .followUp(result: .rectified, comment: "再次", actor: officer), "2025-10-14T10:05"))
        try act(engine, "L", .callBack(result: .satisfied, comment: nil, actor: office), "2025-10-15T09:00")
        options.at = at("2025-10-15T17:00")
        r = try engine.supervisionReport(options)
        l = try XCTUnwrap(r.negativeRatings.last)
        XCTAssertEqual([l.followUp?.rawValue, l.callback?.rawValue], ["rectified", "satisfied"])
        XCTAssertEqual(l.firstFollowedUpAt, at("2025-10-10T10:00"))
        XCTAssertEqual(l.followUpCount, 2)
        XCTAssertTrue(r.text.contains("已整改并反馈 2025-10-14T10:00（zhao.market），第 2 次（前次回访不满意）：“已补正办理期限说明并致歉”"), r.text)
        XCTAssertEqual(r.ratings.followedUp, 1)
        XCTAssertFalse(l.followUpLate(at: options.at!), "judged by the first follow-up, on time")
        // L was served on 9/30: the day's sample shows the sample's own call, not the 差评's rounds.
        let sampled = try XCTUnwrap(r.callback.sample.first { $0.caseID == "L" })
        XCTAssertEqual([sampled.callback?.rawValue, String(sampled.attempts)], ["satisfied", "1"])
        XCTAssertEqual(sampled.calledBackAt, at("2025-10-09T09:00"))
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// Where a running case waits, in the flow's order: the role to chase,
    /// the applicant when a supplement is owed, nothing for a role-less node.
    func testWaitingSteps() throws {
        let engine = try memoryEngine()
        try store(engine)
        let machine = try XCTUnwrap(try engine.machine(ofCase: "R"))
        var state = try engine.case("R").state
        XCTAssertEqual(SupervisionBuilder.waiting(state, machine: machine).map(\.text),
                       ["market-approve（market-head）", "quality-code（quality-officer）",
                        "national-tax-register（national-tax-officer）", "local-tax-register（local-tax-officer）"])
        state.tokens.reverse()
        XCTAssertEqual(SupervisionBuilder.waiting(state, machine: machine).map(\.step),
                       ["market-approve", "quality-code", "national-tax-register", "local-tax-register"], "the flow's order, not the engine's")
        state.tokens[0].awaitingApplicant = true
        XCTAssertTrue(SupervisionBuilder.waiting(state, machine: machine).map(\.text).contains("market-approve（待申请人补正）"))
        XCTAssertEqual(WaitingStep(step: "publicity").text, "publicity")
        XCTAssertEqual(SupervisionReport.running([]), "在办")
    }

    func testTextAndJSON() throws {
        let engine = try memoryEngine()
        try store(engine)
        let r = try engine.supervisionReport(Self.period)
        let text = r.text
        for line in [
            "申请 8 件，受理 7 件，办结 4 件，办结率 57.1%",
            "按时办结率 75.0%（3/4，按办结时判定）",
            "好差评 4 条，满意率 50.0%（满意 2，差评 2；5分 1 · 4分 0 · 3分 1 · 2分 1 · 1分 1）",
            "差评整改反馈（评价后 15 个工作日内）：2 件，已反馈 0 件，待反馈 2 件；超时 0 件（含超时反馈）",
            // A line break typed in the comment would start a forged line of the text report: folded (the JSON keeps it).
            "  A3  market  business-registration  2 不满意  评价于 2025-09-24T09:00  “窗口态度差 【银行】”  反馈时限 2025-10-21  待整改反馈",
            "统计期前的差评仍待整改反馈：0 件（超时 0 件）",
            "只受不理（受理后 3 个工作日无人办理）：1 件",
            "  L  business-registration  时限 2025-09-28  已办结 2025-09-30T14:50（超期办结）",
            "  R  business-registration  时限 2025-09-28  在办 market-approve（market-head）、quality-code（quality-officer）、"
                + "national-tax-register（national-tax-officer）、local-tax-register（local-tax-officer）",
            "回访抽样 2025-09-30（种子 20250930）：当日办毕 1 人（含不予受理、撤回），抽取 1 人（不少于 10%）",
        ] {
            XCTAssertTrue(text.contains(line + "\n"), line)
        }
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), [
            "period", "at", "untouchedAfter", "followUpWithin", "earlierOpenFollowUps", "earlierOpenCallbacks", "earlierClosedCallbacks", "longProcedures", "submitted", "submittedSubcases", "accepted", "acceptedSubcases", "completed", "withdrawn", "completionRate", "judged", "onTime",
            "onTimeRate", "ratings", "negativeRatings", "unanswered", "untouched", "overdue", "pastLegalLimit", "nearLegalLimit", "warning", "departments", "workflows", "callback",
            "callbackDays", "callbackTotals", "finished", "lateAcceptedBefore", "earlierRunning", "dissatisfiedCallbacks", "earlierClosedFollowUps", "unreadable",
            "lateSteps", "lateStepsByRole", "lateStepsByDepartment",
        ])
        XCTAssertEqual(object["completionRate"] as? Double, 0.5714)
        let overdue = try XCTUnwrap(object["overdue"] as? [[String: Any]])
        XCTAssertEqual(Set(overdue[1].keys), ["case", "parent", "workflow", "department", "acceptedAt", "warnAt", "due", "finishedAt", "running",
                                              "withdrawn", "waitingAt"])
        XCTAssertEqual((overdue[1]["waitingAt"] as? [[String: Any]])?.first?["role"] as? String, "market-head")
        XCTAssertEqual((overdue[0]["waitingAt"] as? [Any])?.count, 0, "a finished case waits nowhere")
        XCTAssertTrue(overdue[1]["finishedAt"] is NSNull, "absent values are null, never missing keys")
        XCTAssertTrue(overdue[1]["parent"] is NSNull, "not a sub-case")
        XCTAssertEqual(object["acceptedSubcases"] as? Int, 0)
        XCTAssertEqual(object["submittedSubcases"] as? Int, 0)
        XCTAssertEqual(r.json, try engine.supervisionReport(Self.period).json, "same store, same bytes")
        // store.md shows this report as it prints.
        let doc = try String(contentsOfFile: TestSupport.path("docs/store.md"), encoding: .utf8)
        let command = "$ shenpi report --db shenpi.sqlite --from 2025-09-22 --to 2025-09-30 --at 2025-09-30T17:00 --calendars workflows/calendars\n"
        let shown = try XCTUnwrap(doc.range(of: command).map { doc[$0.upperBound...] }.flatMap { rest in rest.range(of: "```").map { String(rest[..<$0.lowerBound]) } })
        XCTAssertEqual(shown, text, "docs/store.md's example report")
    }

    /// A withdrawal (撤回) is not 办结: it counts apart, has no verdict and
    /// leaves the completion rate's base; one after the limit ran out stays red.
    func testWithdrawnCasesAreNeitherCompletedNorJudged() throws {
        let engine = try memoryEngine()
        try finished(engine, "A", day: "2025-09-22", finishDay: "2025-09-23")
        try open(engine, "W", "2025-09-22T09:30")
        try act(engine, "W", StoreFixtures.accept, "2025-09-22T10:00")
        try act(engine, "W", .withdraw(reason: "申请人决定暂缓设立"), "2025-09-23T10:00")
        try open(engine, "LW", "2025-09-22T09:30")
        try act(engine, "LW", StoreFixtures.accept, "2025-09-22T10:00")
        try act(engine, "LW", .withdraw(reason: "久未办结，申请人撤回"), "2025-09-30T10:00")
        try open(engine, "R", "2025-09-24T09:30")
        try act(engine, "R", StoreFixtures.accept, "2025-09-24T10:00")
        let r = try engine.supervisionReport(Self.period)
        XCTAssertEqual([r.accepted, r.completed, r.withdrawn, r.judged, r.onTime], [4, 1, 2, 1, 1])
        XCTAssertEqual(r.completionRate, 0.5, "1 completed of the 2 accepted and not withdrawn")
        XCTAssertEqual(r.overdue.map(\.caseID), ["LW"], "withdrawn after its limit ran out: still late")
        XCTAssertEqual(r.overdue.first?.withdrawn, true)
        XCTAssertEqual(r.departments.map { [$0.completed, $0.withdrawn, $0.overdue] }, [[1, 2, 1]])
        XCTAssertTrue(r.text.contains("受理 4 件，办结 1 件，撤回 2 件（不计入办结率），办结率 50.0%\n"), r.text)
        XCTAssertTrue(r.text.contains("  LW  business-registration  时限 2025-09-28  已撤回 2025-09-30T10:00（超期后撤回）\n"), r.text)
        XCTAssertTrue(r.text.contains("  market  受理 4  办结 1  撤回 2  按时 1/1"), r.text)
    }

    func testTheCommandOnAFileMatchesTheLibrary() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(try StoreFixtures.machine(), at: at("2025-09-01T09:00"))
            try store(engine)
        }
        let expected = try SupervisionReport.build(fileAtPath: path, calendars: StoreFixtures.calendars, options: Self.period)
        XCTAssertEqual(expected.accepted, 7)
        let common = ["report", "--db", path, "--from", "2025-09-22", "--to", "2025-09-30", "--at", "2025-09-30T17:00",
                      "--calendars", TestSupport.path("workflows/calendars")]
        // Elsewhere than a catalog's folder: no registry, as the library was asked.
        let json = try shenpi(common + ["--format", "json"], in: dir.path)
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(json.stdout, expected.json)
        let text = try shenpi(common, in: dir.path)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout, expected.text)
        XCTAssertEqual(text.stderr, "")
        // Without the catalog's calendars its cases' legal limits are not judged: said, not passed over.
        let blind = try shenpi(Array(common.dropLast(2)), in: dir.path)
        XCTAssertEqual(blind.status, 0, blind.stderr)
        XCTAssertEqual(blind.stderr, "shenpi: warning: calendar citizen-center of flows in the store is not known here: the legal-limit lists "
                       + "(违法超期) leave their cases out and other days are counted on cn; pass --calendars with the catalog's calendars folder\n")
        // In the catalog's folder (./workflows beside it), its registry and calendars by default, as the daemon reads them.
        let here = try shenpi(Array(common.dropLast(2)))
        XCTAssertEqual(here.stdout, try shenpi(common + ["--registry", "workflows/registry.yaml"]).stdout)
        XCTAssertNotEqual(here.stdout, expected.text)
        let seeded = try shenpi(common + ["--callback-day", "2025-09-23", "--sample-seed", "42", "--untouched-after", "2 days"])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        XCTAssertTrue(seeded.stdout.contains("回访抽样 2025-09-23（种子 42）：当日办毕 3 人（含不予受理、撤回），抽取 1 人"), seeded.stdout)
        XCTAssertTrue(seeded.stdout.contains("只受不理（受理后 2 个自然日无人办理）：1 件"), seeded.stdout)
        // The registry names each late step's department.
        let withRegistry = try shenpi(common + ["--registry", "workflows/registry.yaml"])
        XCTAssertEqual(withRegistry.status, 0, withRegistry.stderr)
        // The text names them by the registry's titles (the JSON keeps the ids).
        XCTAssertTrue(withRegistry.stdout.contains("  按承办部门：市地方税务局 4（未办 3），市市场监督管理局（工商登记） 4（未办 3），市国家税务局 4（未办 3），"
                                                   + "市质量技术监督局（组织机构代码） 4（未办 3）\n"), withRegistry.stdout)
        XCTAssertTrue(withRegistry.stdout.contains("  按岗位：地税登记受理员 4（未办 3），国税登记受理员 4（未办 3），组织机构代码赋码员 4（未办 3），"
                                                   + "企业登记核准员 2（未办 2），企业登记审查员 2（未办 1）\n"), withRegistry.stdout)
        XCTAssertTrue(withRegistry.stdout.contains("  R  business-registration  market-approve（企业登记核准员 market-head）  进入 2025-09-23T09:00"),
                      withRegistry.stdout)
        let registryJSON = try shenpi(common + ["--registry", "workflows/registry.yaml", "--format", "json"])
        XCTAssertTrue(registryJSON.stdout.contains("\"department\": \"local-tax\""), "ids in the JSON")
        // The registry's supervision thresholds are the defaults; an option still wins.
        let center = dir.file("registry.yaml")
        try (String(contentsOfFile: TestSupport.path("workflows/registry.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  untouched-after: 3 workdays\n  follow-up-within: 15 workdays\n",
                                  with: "  untouched-after: 2 days\n  follow-up-within: 5 workdays\n"))
            .write(toFile: center, atomically: true, encoding: .utf8)
        let centerText = try shenpi(common + ["--registry", center])
        XCTAssertEqual(centerText.status, 0, centerText.stderr)
        XCTAssertTrue(centerText.stdout.contains("只受不理（受理后 2 个自然日无人办理）：1 件"), centerText.stdout)
        let centerJSON = try shenpi(common + ["--registry", center, "--format", "json"])
        XCTAssertTrue(centerJSON.stdout.contains("\"followUpWithin\": \"5 workdays\""), centerJSON.stdout)
        let overridden = try shenpi(common + ["--registry", center, "--untouched-after", "3", "--format", "json"])
        XCTAssertTrue(overridden.stdout.contains("\"untouchedAfter\": \"3 workdays\""), overridden.stdout)
        XCTAssertTrue(overridden.stdout.contains("\"followUpWithin\": \"5 workdays\""), overridden.stdout)
        let broken = dir.file("broken-registry.yaml")
        try "registry: c\ntitle: 中心\ndepartments: []\nroles: []\nsupervision: { untouched-after: 4 hours }\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let brokenRegistry = try shenpi(common + ["--registry", broken])
        XCTAssertEqual(brokenRegistry.status, 2)
        XCTAssertTrue(brokenRegistry.stderr.contains("--registry \(broken) has errors:\n\(broken):5:33: error: bad duration \"4 hours\""),
                      brokenRegistry.stderr)
        // Found by default, a broken registry is said and left out: the report still comes.
        let catalog = dir.file("catalog")
        try FileManager.default.createDirectory(atPath: catalog + "/workflows", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: broken, toPath: catalog + "/workflows/registry.yaml")
        let byDefault = try shenpi(common, in: catalog)
        XCTAssertEqual(byDefault.status, 0, byDefault.stderr)
        XCTAssertEqual(byDefault.stdout, expected.text)
        XCTAssertTrue(byDefault.stderr.contains("shenpi: warning: workflows/registry.yaml (read by default) has errors:\nworkflows/registry.yaml:5:33: error: bad duration"),
                      byDefault.stderr)
        let flowAsRegistry = try shenpi(common + ["--registry", "workflows/market/business-registration.yaml"])
        XCTAssertEqual(flowAsRegistry.status, 2)
        XCTAssertTrue(flowAsRegistry.stderr.contains("--registry workflows/market/business-registration.yaml is not a registry (a file with the top-level key \"registry\")"),
                      flowAsRegistry.stderr)
        let missing = try shenpi(common + ["--registry", "workflows/none.yaml"])
        XCTAssertEqual([missing.status], [2])
        XCTAssertTrue(missing.stderr.contains("--registry: no such file: workflows/none.yaml"), missing.stderr)
        XCTAssertThrowsError(try SupervisionReport.build(fileAtPath: dir.file("none.sqlite"), calendars: .standard,
                                                         options: Self.period))
    }

    /// Runs the built executable beside this test bundle.
    func shenpi(_ arguments: [String], in directory: String = TestSupport.repositoryRoot) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let r = try BuiltShenpi.run(arguments, in: directory) else { throw XCTSkip("no shenpi executable beside the tests") }
        return (r.status, r.stdout, r.stderr)
    }
}
