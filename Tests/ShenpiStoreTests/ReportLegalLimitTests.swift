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
        XCTAssertTrue(r.text.contains("超过法定时限（违法超期）：0 件（统计期内办结或撤回 0，仍在办 0）\n"), r.text)

        // R, accepted 9/22 10:00: 20 working days (National Day off, 9/28 and 10/11 worked) end with 10/24.
        r = try report(from: "2025-09-22", to: "2025-09-30", at: "2025-10-24T17:00")
        XCTAssertEqual(r.pastLegalLimit, [])
        r = try report(from: "2025-09-22", to: "2025-09-30", at: "2025-10-27T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R"], "a standing unlawful delay, whatever the period")
        let lapse = try XCTUnwrap(r.pastLegalLimit.first)
        XCTAssertEqual(lapse.due, at("2025-10-25T00:00"))
        XCTAssertEqual(lapse.limit.description, "20 workdays")
        XCTAssertNil(lapse.finishedAt)
        XCTAssertFalse(lapse.provisional)
        XCTAssertTrue(r.text.contains("超过法定时限（违法超期）：1 件（统计期内办结或撤回 0，仍在办 1）\n"
                                      + "  R  business-registration  受理 2025-09-22T10:00  法定时限 20 个工作日 至 2025-10-24  在办 market-approve（market-head）"), r.text)
        XCTAssertEqual(r.departments.map(\.pastLegal), [1])
        XCTAssertTrue(r.text.contains("  逾期 4（超法定时限 1）  预警 0"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let listed = try XCTUnwrap((object["pastLegalLimit"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(listed.keys), ["case", "parent", "workflow", "department", "acceptedAt", "limit", "due", "finishedAt", "withdrawn",
                                          "provisional", "waitingAt"])
        XCTAssertEqual(listed["limit"] as? String, "20 workdays")
        XCTAssertEqual(listed["due"] as? String, "2025-10-25T00:00:00+08:00")
        XCTAssertEqual((object["departments"] as? [[String: Any]])?.first?["pastLegal"] as? Int, 1)

        // Finished on 10/27: listed in the period it finished in, judged at completion ever after.
        for (i, c) in StoreFixtures.branches.enumerated().dropFirst() {
            try engine.apply("R", c, expectedVersion: nil, at: at("2025-10-27T14:00").adding(seconds: i * 600))
        }
        XCTAssertTrue(try engine.case("R").state.isFinished)
        r = try report(from: "2025-10-01", to: "2025-10-31", at: "2026-03-02T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["R", "U", "Y"], "U and Y, accepted 9/24, ran out with 10/28 and still run")
        XCTAssertEqual(r.pastLegalLimit.first?.finishedAt, at("2025-10-27T14:50"))
        XCTAssertTrue(r.text.contains("（统计期内办结或撤回 1，仍在办 2）\n  R  business-registration  受理 2025-09-22T10:00  法定时限 20 个工作日 至 2025-10-24  已办结 2025-10-27T14:50\n"), r.text)
        r = try report(from: "2025-09-22", to: "2025-09-30", at: "2026-03-02T09:00")
        XCTAssertEqual(r.pastLegalLimit.map(\.caseID), ["U", "Y"], "R finished after the period: that period's report no longer lists it")
    }
}
