import Foundation
import ShenpiCalendar
import ShenpiAPI
import ShenpiStore
import ShenpiTestSupport
import XCTest

/// `POST /v1/cases/{case}/callback`: the supervision office's call to an
/// applicant of the day's sample (回访), and what the report makes of it.
final class CallbackTests: XCTestCase {
    func testCallbacksAreRecordedUntilTheApplicantIsReachedAndReported() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))

        // Only the supervision office calls back, and only about a finished case.
        let byOfficer = await h.call("POST", "/v1/cases/BC-1/callback", token: officer, body: #"{"result":"satisfied"}"#)
        XCTAssertEqual([byOfficer.status.description, byOfficer.code ?? ""], ["403", "forbidden"], byOfficer.text)
        let early = await h.call("POST", "/v1/cases/BC-1/callback", token: supervisor, body: #"{"result":"satisfied"}"#)
        XCTAssertEqual([early.status.description, early.code ?? ""], ["422", "callback-refused"], early.text)

        try await FollowUpTests.finished(h, "BC-2", level: nil, window: window, officer: officer)
        for (body, field) in [
            (#"{"result":"angry"}"#, "result"),
            (#"{"result":"dissatisfied"}"#, "comment"),
            (#"{"result":"dissatisfied","comment":" "}"#, "comment"),
            (#"{"result":"satisfied","by":"me"}"#, "by"),
        ] {
            let a = await h.call("POST", "/v1/cases/BC-2/callback", token: supervisor, body: body)
            XCTAssertEqual(a.status, 400, body + " " + a.text)
            XCTAssertEqual(a.error["field"] as? String, field, body + " " + a.text)
        }
        let words = await h.call("POST", "/v1/cases/BC-2/callback", token: supervisor, body: #"{"result":"dissatisfied","comment":"……"}"#)
        XCTAssertEqual([words.status.description, words.code ?? ""], ["422", "callback-refused"], words.text)

        // Not reached twice, then reached: done.
        for result in ["unreachable", "unreachable", "dissatisfied"] {
            h.advance(seconds: 600)
            let body = result == "dissatisfied" ? #"{"result":"dissatisfied","comment":"制卡通知电话打不通"}"# : #"{"result":"\#(result)"}"#
            let a = await h.call("POST", "/v1/cases/BC-2/callback", token: supervisor, body: body)
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json["callback"] as? String, result)
        }
        let after = await h.call("POST", "/v1/cases/BC-2/callback", token: supervisor, body: #"{"result":"satisfied"}"#)
        XCTAssertEqual(after.code, "callback-refused", after.text)
        XCTAssertTrue(after.text.contains("called back already (dissatisfied)"), after.text)

        let report = await h.call("GET", "/v1/report", token: supervisor)
        let callback = try XCTUnwrap(report.json["callback"] as? [String: Any])
        XCTAssertEqual(callback["sampleSize"] as? Int, 1)
        XCTAssertEqual([callback["reached"], callback["dissatisfied"], callback["unreachable"], callback["notCalled"]] as? [Int], [1, 1, 0, 0])
        let entry = try XCTUnwrap((callback["sample"] as? [[String: Any]])?.first?["callback"] as? [String: Any])
        XCTAssertEqual(entry["result"] as? String, "dissatisfied")
        XCTAssertEqual(entry["attempts"] as? Int, 3)
        XCTAssertEqual(entry["by"] as? String, "zhao.lei")
        XCTAssertEqual(entry["comment"] as? String, "制卡通知电话打不通")
        let totals = try XCTUnwrap(report.json["callbackTotals"] as? [String: Int])
        XCTAssertEqual([totals["reached"], totals["dissatisfied"], totals["shortDays"]], [1, 1, 0], "the day's one in ten was reached")

        // Taken before the reaching call: as the store stood then.
        let before = h.now.adding(seconds: -300)
        let then = await h.call("GET", "/v1/report?at=\(before.shortDescription)&sample-seed=7", token: supervisor)
        XCTAssertEqual(then.status, 200, then.text)
        XCTAssertEqual((then.json["callbackTotals"] as? [String: Int])?["reached"], 0)
        XCTAssertEqual(then.json["at"] as? String, Instant(iso: before.shortDescription)?.description)
        XCTAssertEqual((then.json["callback"] as? [String: Any])?["seed"] as? String, "7")
        let later = h.now.adding(seconds: 60)
        for (query, field) in [("at=yesterday", "at"), ("at=\(later.shortDescription)", "at"), ("sample-seed=-1", "sample-seed"),
                               ("sample-seed=%2B7", "sample-seed"), ("form=2025-10-01", "form")] {
            let bad = await h.call("GET", "/v1/report?" + query, token: supervisor)
            XCTAssertEqual([bad.status.description, bad.code ?? "", bad.error["field"] as? String ?? ""], ["400", "bad-query", field], query + " " + bad.text)
        }
        // The store as it stands cannot say who will have acted by a later instant.
        let future = await h.call("GET", "/v1/report?at=2030-06-01", token: supervisor)
        XCTAssertEqual(future.error["message"] as? String,
                       "at 2030-06-01T00:00 is after now (\(h.now.shortDescription)): a report reads the store as it stands, so it cannot be judged later than now")
    }
}

/// The report through the API names a late step's department from the catalog's registry.
final class ReportLateStepAPITests: XCTestCase {
    func testALateStepCarriesItsRolesDepartment() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        // A week on, the intake (1 workday) ran out; its timer has not fired in the harness.
        h.advance(seconds: 7 * 86_400)
        let report = await h.call("GET", "/v1/report", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        let step = try XCTUnwrap((report.json["lateSteps"] as? [[String: Any]])?.first)
        XCTAssertEqual([step["case"], step["step"], step["role"], step["roleDepartment"], step["end"]] as? [String],
                       ["BC-1", "accept", "window", "center", "open"])
        XCTAssertEqual((report.json["lateStepsByDepartment"] as? [[String: Any]])?.first?["department"] as? String, "center")
    }
}

/// The center's thresholds in registry.yaml (`supervision:`) are the report's
/// defaults through the API; the query still wins.
final class SupervisionSettingsAPITests: XCTestCase {
    func testTheRegistrysThresholdsAreTheDefaults() async throws {
        let dir = NSTemporaryDirectory() + "shenpi-supervision-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let registry = dir + "/registry.yaml"
        let text = try String(contentsOfFile: registry, encoding: .utf8)
        XCTAssertTrue(text.contains("  untouched-after: 3 workdays\n  follow-up-within: 15 workdays\n"))
        try text.replacingOccurrences(of: "  untouched-after: 3 workdays\n  follow-up-within: 15 workdays\n",
                                      with: "  untouched-after: 2 days\n  follow-up-within: 5 workdays\n")
            .write(toFile: registry, atomically: true, encoding: .utf8)
        let catalog = try FlowCatalog.load(directory: dir)
        XCTAssertEqual([catalog.untouchedAfter, catalog.followUpWithin], [TimeLimit(2, .days), TimeLimit(5, .workdays)])
        let h = try APIHarness(catalog: catalog)
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        let report = await h.call("GET", "/v1/report", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual([report.json["untouchedAfter"], report.json["followUpWithin"]] as? [String], ["2 days", "5 workdays"])
        let asked = await h.call("GET", "/v1/report?untouched-after=4&follow-up-within=10", token: supervisor)
        XCTAssertEqual([asked.json["untouchedAfter"], asked.json["followUpWithin"]] as? [String], ["4 workdays", "10 workdays"])
        // The catalog of the repository states the defaults.
        let plain = try APIHarness.catalog.get()
        XCTAssertEqual([plain.untouchedAfter, plain.followUpWithin], [TimeLimit(3, .workdays), TimeLimit(15, .workdays)])
    }
}
