import Foundation
import ShenpiAPI
import ShenpiStore
import XCTest

/// `POST /v1/cases/{case}/follow-up`: what came of a 差评, recorded once by
/// the supervision office or the flow's own department, and shown on the
/// case and in the report.
final class FollowUpTests: XCTestCase {
    /// A bus card case taken to its end and rated `level` by the window.
    static func finished(_ h: APIHarness, _ id: String, level: Int?, window: String, officer: String) async throws {
        for (token, path, body) in [
            (window, "/v1/cases", Bodies.busCard(id)),
            (window, "/v1/cases/\(id)/actions", Bodies.decide("accept", "accept")),
            (officer, "/v1/cases/\(id)/actions", Bodies.decide("eligibility-review", "eligible")),
            (officer, "/v1/cases/\(id)/actions", Bodies.decide("make-card", "card-made")),
        ] {
            h.advance(seconds: 600)
            let a = await h.call("POST", path, token: token, body: body)
            XCTAssertLessThan(a.status, 300, a.text)
        }
        if let level {
            let rated = await h.call("POST", "/v1/cases/\(id)/rating", token: window, body: #"{"level":\#(level),"comment":"等太久"}"#)
            XCTAssertEqual(rated.status, 200, rated.text)
        }
    }

    func testAFollowUpIsRecordedOnceAndShownOnTheCaseAndInTheReport() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        // The department's other officer, who did not work on the case.
        let colleague = try h.user("qian.yu", department: "transport", roles: ["bus-card-reviewer"])
        let pad = try h.user("pad.transport", department: "transport", scopes: [.intake])
        // Sees every case (intake scope) but is of no department of the flow.
        let land = try h.user("pad.land", department: "land", scopes: [.intake])
        // A window officer who did not receive it: the intake window's department does not answer for the flow.
        let otherWindow = try h.user("zhou.window", department: "center", roles: ["window"], scopes: [.intake])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        try await Self.finished(h, "BC-1", level: 2, window: window, officer: officer)
        try await Self.finished(h, "BC-2", level: 4, window: window, officer: officer)
        try await Self.finished(h, "BC-3", level: nil, window: window, officer: officer)
        let body = #"{"result":"rectified","comment":"已约谈经办人，电话致歉并告知改进措施。"}"#

        // Who may: the supervision office, or an officer of the flow's department who did not act on the case.
        for (token, status, code, words) in [
            (land, 403, "forbidden", "a department of its flow (transport)"),
            (otherWindow, 403, "forbidden", "a department of its flow (transport)"),
            (pad, 403, "forbidden", "with a role of its steps"),
            (officer, 403, "four-eyes", "wang.fang acted on this case"),
            (window, 403, "forbidden", "a department of its flow (transport)"),
        ] {
            let refused = await h.call("POST", "/v1/cases/BC-1/follow-up", token: token, body: body)
            XCTAssertEqual([refused.status.description, refused.code ?? ""], [status.description, code], refused.text)
            XCTAssertTrue(refused.text.contains(words), refused.text)
        }
        for (id, message) in [("BC-2", "rated 4"), ("BC-3", "not rated")] {
            let refused = await h.call("POST", "/v1/cases/\(id)/follow-up", token: supervisor, body: body)
            XCTAssertEqual([refused.status.description, refused.code ?? ""], ["422", "follow-up-refused"], refused.text)
            XCTAssertTrue(refused.text.contains(message), refused.text)
        }
        // Punctuation says nothing: the applicant is sent this text.
        let empty = await h.call("POST", "/v1/cases/BC-1/follow-up", token: supervisor, body: #"{"result":"rectified","comment":"。"}"#)
        XCTAssertEqual([empty.status.description, empty.code ?? "", empty.error["field"] as? String ?? ""], ["422", "follow-up-refused", "comment"], empty.text)
        let version = try h.eventCount("BC-1")

        let done = await h.call("POST", "/v1/cases/BC-1/follow-up", token: colleague, body: body)
        XCTAssertEqual(done.status, 200, done.text)
        let rating = try XCTUnwrap(done.json["rating"] as? [String: Any])
        XCTAssertEqual(rating["followUp"] as? [String: String], ["result": "rectified", "comment": "已约谈经办人，电话致歉并告知改进措施。"])
        XCTAssertGreaterThan(try h.eventCount("BC-1"), version)
        let again = await h.call("POST", "/v1/cases/BC-1/follow-up", token: supervisor, body: #"{"result":"unfounded","comment":"x"}"#)
        XCTAssertEqual(again.code, "follow-up-refused", again.text)

        let read = await h.call("GET", "/v1/cases/BC-1", token: supervisor)
        let history = try XCTUnwrap(read.json["history"] as? [[String: Any]])
        let followedUp = try XCTUnwrap(history.first { $0["type"] as? String == "followedUp" })
        XCTAssertEqual(followedUp["actor"] as? String, "qian.yu")
        XCTAssertEqual((followedUp["detail"] as? [String: Any])?["result"] as? String, "rectified")
        // 已反馈: the applicant is told in writing.
        let told = try XCTUnwrap((read.json["notifications"] as? [[String: Any]])?.last?["text"] as? String)
        XCTAssertEqual(told, "您对老年人免费乘车卡办理事项（受理编号BC-1）的评价已核实处理，整改情况：已约谈经办人，电话致歉并告知改进措施。感谢您的监督。")

        let report = await h.call("GET", "/v1/report?follow-up-within=5", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.json["followUpWithin"] as? String, "5 workdays")
        let negative = try XCTUnwrap(report.json["negativeRatings"] as? [[String: Any]])
        XCTAssertEqual(negative.count, 1)
        XCTAssertEqual((negative.first?["followUp"] as? [String: Any])?["by"] as? String, "qian.yu")
        XCTAssertEqual(negative.first?["followUpLate"] as? Bool, false)
        XCTAssertEqual((report.json["ratings"] as? [String: Any])?["followedUp"] as? Int, 1)
        let badLimit = await h.call("GET", "/v1/report?follow-up-within=soon", token: supervisor)
        XCTAssertEqual([badLimit.status.description, badLimit.code ?? ""], ["400", "bad-query"], badLimit.text)
    }

    /// A callback that finds the applicant dissatisfied is followed up as a
    /// 差评 is, whatever the rating (none, or 3 to 5): the flow's 差评 roles
    /// are told at once (rules 5), and the applicant is sent what was done.
    func testADissatisfiedCallbackIsFollowedUpWithoutA差评() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        try await Self.finished(h, "BC-2", level: 4, window: window, officer: officer)
        try await Self.finished(h, "BC-3", level: nil, window: window, officer: officer)
        let body = #"{"result":"rectified","comment":"已核实，制卡通知短信补发并致歉。"}"#
        for (id, rating) in [("BC-2", "rated 4"), ("BC-3", "not rated")] {
            let early = await h.call("POST", "/v1/cases/\(id)/follow-up", token: supervisor, body: body)
            XCTAssertEqual([early.status.description, early.code ?? ""], ["422", "follow-up-refused"], early.text)
            XCTAssertTrue(early.text.contains(rating) && early.text.contains("no callback found the applicant dissatisfied"), early.text)
            h.advance(seconds: 3600)
            let call = await h.call("POST", "/v1/cases/\(id)/callback", token: supervisor,
                                    body: #"{"result":"dissatisfied","comment":"没收到取卡通知"}"#)
            XCTAssertEqual(call.status, 200, call.text)
            // 派单: the flow's negative-rating-to roles hear of it at once.
            let afterCall = await h.call("GET", "/v1/cases/\(id)", token: supervisor)
            let roles = try XCTUnwrap(afterCall.json["notifications"] as? [[String: Any]]).filter { ($0["text"] as? String)?.hasPrefix("回访不满意") == true }
            XCTAssertEqual(roles.map { $0["recipient"] as? String }, ["role:bus-card-reviewer", "role:center-head"], afterCall.text)
            XCTAssertEqual(roles.first?["text"] as? String,
                           "回访不满意待整改反馈：老年人免费乘车卡办理事项（受理编号\(id)）回访中申请人不满意：“没收到取卡通知”。请核实，整改或说明后向申请人反馈。")
            h.advance(seconds: 3600)
            let done = await h.call("POST", "/v1/cases/\(id)/follow-up", token: supervisor, body: body)
            XCTAssertEqual(done.status, 200, done.text)
            let afterFollowUp = await h.call("GET", "/v1/cases/\(id)", token: supervisor)
            XCTAssertEqual(afterFollowUp.json["followUp"] as? [String: String], ["result": "rectified", "comment": "已核实，制卡通知短信补发并致歉。"],
                           "shown on the case, rated or not")
            let told = try XCTUnwrap((afterFollowUp.json["notifications"] as? [[String: Any]])?.last?["text"] as? String)
            XCTAssertEqual(told, "您在回访中对老年人免费乘车卡办理事项（受理编号\(id)）反映的问题已核实处理，整改情况：已核实，制卡通知短信补发并致歉。感谢您的监督。")
            let again = await h.call("POST", "/v1/cases/\(id)/follow-up", token: supervisor, body: body)
            XCTAssertEqual([again.status.description, again.code ?? ""], ["422", "follow-up-refused"], again.text)
            XCTAssertTrue(again.text.contains("already followed up"), again.text)
        }
        // The report lists both calls with what came of them; neither is a 差评.
        let report = await h.call("GET", "/v1/report", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        let said = try XCTUnwrap(report.json["dissatisfiedCallbacks"] as? [[String: Any]])
        XCTAssertEqual(said.map { $0["case"] as? String }, ["BC-2", "BC-3"], report.text)
        XCTAssertEqual(said.map { ($0["followUp"] as? [String: Any])?["by"] as? String }, ["zhao.lei", "zhao.lei"])
        XCTAssertEqual(said.map { $0["followUpLate"] as? Bool }, [false, false])
        XCTAssertEqual((report.json["negativeRatings"] as? [Any])?.count, 0)

        func lastNotice(_ id: String) async throws -> String {
            let read = await h.call("GET", "/v1/cases/\(id)", token: supervisor)
            return try XCTUnwrap((read.json["notifications"] as? [[String: Any]])?.last?["text"] as? String)
        }
        // Called back about the follow-up and satisfied: nothing more to follow up.
        h.advance(seconds: 3600)
        let satisfied = await h.call("POST", "/v1/cases/BC-3/callback", token: supervisor, body: #"{"result":"satisfied"}"#)
        XCTAssertEqual(satisfied.status, 200, satisfied.text)
        let closed = await h.call("POST", "/v1/cases/BC-3/follow-up", token: supervisor, body: body)
        XCTAssertTrue(closed.text.contains("already followed up"), closed.text)
        // A 差评 after that is a new complaint of its own: followed up, and told as a rating's.
        let rated = await h.call("POST", "/v1/cases/BC-3/rating", token: window, body: #"{"level":1,"comment":"还是没人通知"}"#)
        XCTAssertEqual(rated.status, 200, rated.text)
        XCTAssertNil(rated.json["followUp"], "the 差评 is open: \(rated.text)")
        h.advance(seconds: 3600)
        let again差评 = await h.call("POST", "/v1/cases/BC-3/follow-up", token: supervisor, body: #"{"result":"rectified","comment":"已建立取卡提醒制度"}"#)
        XCTAssertEqual(again差评.status, 200, again差评.text)
        XCTAssertEqual((again差评.json["rating"] as? [String: Any])?["followUp"] as? [String: String], ["result": "rectified", "comment": "已建立取卡提醒制度"])
        let told差评 = try await lastNotice("BC-3")
        XCTAssertTrue(told差评.hasPrefix("您对老年人免费乘车卡办理事项（受理编号BC-3）的评价已核实处理，整改情况：已建立取卡提醒制度。"), told差评)
        // Rated 4 and called back dissatisfied again after its follow-up: reopened, told as a call's.
        h.advance(seconds: 3600)
        let reopened = await h.call("POST", "/v1/cases/BC-2/callback", token: supervisor, body: #"{"result":"dissatisfied","comment":"仍未收到短信"}"#)
        XCTAssertEqual(reopened.status, 200, reopened.text)
        let second = await h.call("POST", "/v1/cases/BC-2/follow-up", token: supervisor, body: #"{"result":"rectified","comment":"已改为电话通知"}"#)
        XCTAssertEqual(second.status, 200, second.text)
        let toldCall = try await lastNotice("BC-2")
        XCTAssertTrue(toldCall.hasPrefix("您在回访中对老年人免费乘车卡办理事项（受理编号BC-2）反映的问题已核实处理"), toldCall)
        // The report: BC-3's 差评 with its own follow-up, not the call's before it; BC-2's call followed up twice.
        let later = await h.call("GET", "/v1/report", token: supervisor)
        let negative = try XCTUnwrap(later.json["negativeRatings"] as? [[String: Any]])
        XCTAssertEqual(negative.map { $0["case"] as? String }, ["BC-3"])
        XCTAssertEqual((negative.first?["followUp"] as? [String: Any])?["comment"] as? String, "已建立取卡提醒制度")
        XCTAssertEqual(negative.first?["followUpCount"] as? Int, 1, "the call's follow-up before the rating is not the 差评's")
        let calls = try XCTUnwrap(later.json["dissatisfiedCallbacks"] as? [[String: Any]])
        XCTAssertEqual(calls.map { $0["negativeRating"] as? Bool }, [false, true], "BC-3 is now judged as a 差评")
        XCTAssertEqual(calls.first?["followUpCount"] as? Int, 2)
    }

    /// The roles a flow tells of a complaint (negative-rating-to) may answer
    /// it, whatever their department: the center's duty head here.
    func testARoleToldOfTheComplaintMayRecordItsFollowUp() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        let head = try h.user("zhou.head", department: "center", roles: ["center-head"])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        try await Self.finished(h, "BC-4", level: nil, window: window, officer: officer)
        let call = await h.call("POST", "/v1/cases/BC-4/callback", token: supervisor, body: #"{"result":"dissatisfied","comment":"等了很久"}"#)
        XCTAssertEqual(call.status, 200, call.text)
        let done = await h.call("POST", "/v1/cases/BC-4/follow-up", token: head, body: #"{"result":"rectified","comment":"已调整窗口排班"}"#)
        XCTAssertEqual(done.status, 200, done.text)
        // The window that received it holds no such role: still refused, with every way named.
        let byWindow = await h.call("POST", "/v1/cases/BC-4/follow-up", token: window, body: #"{"result":"rectified","comment":"x"}"#)
        XCTAssertEqual(byWindow.status, 403, byWindow.text)
        XCTAssertTrue(byWindow.text.contains("or to hold a role its complaints are sent to (negative-rating-to)"), byWindow.text)
        XCTAssertNil(try StoreAudit.verify(h.engine.database.writer).mismatch, "the audit re-runs both follow-ups")
    }

    /// Bad bodies are 400 with the field, and change nothing.
    func testBadBodiesAreRefusedWithTheirField() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        try await Self.finished(h, "BC-1", level: 1, window: window, officer: officer)
        let events = try h.eventCount("BC-1")
        for (body, field) in [
            (#"{"comment":"x"}"#, "result"),
            (#"{"result":"fixed","comment":"x"}"#, "result"),
            (#"{"result":"rectified"}"#, "comment"),
            (#"{"result":"rectified","comment":" \u3000"}"#, "comment"),
            (#"{"result":"rectified","comment":"x","by":"me"}"#, "by"),
            (#"{"result":"rectified","comment":5}"#, "comment"),
        ] {
            let a = await h.call("POST", "/v1/cases/BC-1/follow-up", token: supervisor, body: body)
            XCTAssertEqual(a.status, 400, body + " " + a.text)
            XCTAssertEqual(a.error["field"] as? String, field, body + " " + a.text)
        }
        XCTAssertEqual(try h.eventCount("BC-1"), events)
        let missing = await h.call("POST", "/v1/cases/NOPE/follow-up", token: supervisor, body: #"{"result":"unfounded","comment":"x"}"#)
        XCTAssertEqual(missing.status, 404)
    }
}
