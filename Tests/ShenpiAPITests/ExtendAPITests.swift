import Foundation
import ShenpiAPI
import XCTest

/// `extend` names its unit, and the unit must be the case limit's own; it
/// gives a reason, which the applicant is told with the new due date (Art. 42).
final class ExtendAPITests: XCTestCase {
    func testAnExtensionIsWrittenInTheUnitOfTheCaseLimit() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        // limits.extension: at most 10 workdays in all, once, approved by land-director (Art. 42).
        let officer = try h.user("wang.fang", department: "land", roles: ["land-director"])
        let head = try h.user("chen.jie", department: "land", roles: ["land-head", "land-reviewer"])
        let stranger = try h.user("zhao.lei", department: "meteorology", roles: ["meteorology-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-1"))
        let accepted = await h.call("POST", "/v1/cases/L-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        let due = try XCTUnwrap((accepted.json["clock"] as? [String: Any])?["due"] as? String)
        // The law's 30 workdays beside the promise of 5, from the same acceptance.
        XCTAssertEqual(accepted.json["legalClock"] as? NSDictionary,
                       ["limit": "30 workdays", "due": "2025-11-14T00:00:00+08:00", "colour": "normal",
                        "warnAt": "2025-11-13T00:00:00+08:00"] as NSDictionary, "yellow for its last working day, as the flow's warn-before says")
        let version = try h.eventCount("L-1")

        // The land exchange's limit is 5 workdays: "days" is refused, with nothing written.
        let days = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","days":3,"reason":"需现场核查"}"#)
        XCTAssertEqual(days.status, 422, days.text)
        XCTAssertEqual(days.code, "extension-unit")
        XCTAssertEqual(days.error["field"] as? String, "days")
        XCTAssertEqual(days.error["message"] as? String, "the case limit (5 workdays) counts workdays; give the extension in workdays")
        XCTAssertEqual(try h.eventCount("L-1"), version)
        // A user who may not read the case learns nothing of its limit.
        let hidden = await h.call("POST", "/v1/cases/L-1/actions", token: stranger, body: #"{"type":"extend","days":3,"reason":"需现场核查"}"#)
        XCTAssertEqual(hidden.status, 404, hidden.text)

        let none = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend"}"#)
        XCTAssertEqual(none.status, 400)
        XCTAssertEqual(none.error["field"] as? String, "workdays")
        let two = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":2,"days":2}"#)
        XCTAssertEqual(two.status, 400)
        XCTAssertEqual(two.error["field"] as? String, "days")
        let zero = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","hours":0}"#)
        XCTAssertEqual(zero.status, 400)
        XCTAssertEqual(zero.error["message"] as? String, "an extension is 1 to 9999 hours")

        // Art. 42: no extension without a reason for the applicant.
        let unexplained = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3}"#)
        XCTAssertEqual(unexplained.status, 400, unexplained.text)
        XCTAssertEqual(unexplained.error["field"] as? String, "reason")
        let blank = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":" \n"}"#)
        XCTAssertEqual(blank.status, 400, blank.text)
        XCTAssertEqual(blank.error["message"] as? String, "must not be empty")
        let stop = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"。"}"#)
        XCTAssertEqual(stop.status, 422, stop.text)
        XCTAssertEqual(stop.code, "reason-required")
        XCTAssertEqual(stop.error["field"] as? String, "reason")
        XCTAssertEqual(stop.error["message"] as? String, "must say why in words: a reason of only punctuation or symbols tells the applicant nothing")
        // What is wrong with the body, or a stale If-Match, is said first.
        let alsoBad = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"。","why":1}"#)
        XCTAssertEqual(alsoBad.status, 400, alsoBad.text)
        let stale = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"。"}"#,
                                 headers: ["If-Match": "\"1\""])
        XCTAssertEqual(stale.status, 409, stale.text)
        // A skin-tone modifier (found by schemathesis) says nothing either; a control character is refused as such.
        let symbols = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"\ud83c\udffb"}"#)
        XCTAssertEqual(symbols.code, "reason-required", symbols.text)
        let control = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"\ud83c\udffb\u0095"}"#)
        XCTAssertEqual([control.code ?? "", control.error["field"] as? String ?? ""], ["bad-body", "reason"], control.text)
        XCTAssertEqual(try h.eventCount("L-1"), version)

        // Whoever may not extend is told that first, not how to write the unit.
        let clerk = await h.call("POST", "/v1/cases/L-1/actions", token: window, body: #"{"type":"extend","days":3,"reason":"需现场核查"}"#)
        XCTAssertEqual(clerk.status, 403, clerk.text)
        XCTAssertEqual(clerk.error["message"] as? String, "li.na may not extend the limit: it takes role land-director")
        // Only the role the flow names approves: not the officers still ahead of the case.
        let notHead = await h.call("POST", "/v1/cases/L-1/actions", token: head, body: #"{"type":"extend","workdays":3,"reason":"需调档核实"}"#)
        XCTAssertEqual(notHead.status, 403, notHead.text)
        XCTAssertEqual(notHead.code, "role-required")
        XCTAssertEqual(notHead.error["message"] as? String, "chen.jie may not extend the limit: it takes role land-director")
        // At most 10 workdays in all.
        let tooLong = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":11,"reason":"需调档核实"}"#)
        XCTAssertEqual(tooLong.status, 422, tooLong.text)
        XCTAssertEqual(tooLong.code, "extension-exceeded")
        XCTAssertEqual(tooLong.error["message"] as? String, "an extension of 11 workdays would pass the flow's ceiling: the case limit may be "
                       + "extended by 10 workdays in all (limits.extension): 0 workdays used, 10 workdays left")
        XCTAssertEqual(try h.eventCount("L-1"), version)

        let extended = await h.call("POST", "/v1/cases/L-1/actions", token: officer,
                                    body: #"{"type":"extend","workdays":3,"reason":"原证书登记信息需向档案馆调档核实"}"#)
        XCTAssertEqual(extended.status, 200, extended.text)
        let later = try XCTUnwrap((extended.json["clock"] as? [String: Any])?["due"] as? String)
        XCTAssertGreaterThan(later, due)
        // Art. 42's extension is of the legal limit: it moves by the same 3 workdays.
        XCTAssertEqual(extended.json["legalClock"] as? NSDictionary,
                       ["limit": "30 workdays", "extended": "3 workdays", "due": "2025-11-19T00:00:00+08:00", "colour": "normal",
                        "warnAt": "2025-11-18T00:00:00+08:00"] as NSDictionary)
        XCTAssertEqual(extended.headers["etag"], "\"3\"", "one command after the acceptance, none from the refusals")
        let allowance = try XCTUnwrap(extended.json["extension"] as? [String: Any])
        XCTAssertEqual(allowance["used"] as? Int, 3)
        XCTAssertEqual(allowance["left"] as? Int, 0, "once only: nothing is left after the first")
        let afterExtension = try h.eventCount("L-1")
        let read = await h.call("GET", "/v1/cases/L-1", token: officer)
        let history = try XCTUnwrap(read.json["history"] as? [[String: Any]])
        let event = try XCTUnwrap(history.last { $0["type"] as? String == "extended" }?["detail"] as? [String: Any])
        XCTAssertEqual(event["reason"] as? String, "原证书登记信息需向档案馆调档核实")
        let notice = try XCTUnwrap((read.json["notifications"] as? [[String: Any]])?.last)
        XCTAssertEqual(notice["recipient"] as? String, "applicant")
        // 5 workdays from 26 September end on 10 October (the National Day week is off, 28 September is worked);
        // 3 more are 11 (a Saturday worked), 13 and 14 October: due at the start of the 15th.
        XCTAssertEqual(later, "2025-10-15T00:00:00+08:00")
        XCTAssertEqual(notice["text"] as? String, "您的土地登记证换证申请（受理编号L-1）经批准延长办理期限3个工作日，"
                       + "理由：原证书登记信息需向档案馆调档核实。延长后的办结日期为2025-10-14。")

        // times: 1 — a second extension is refused, even within the 10 workdays.
        let again = await h.call("POST", "/v1/cases/L-1/actions", token: officer, body: #"{"type":"extend","workdays":2,"reason":"仍需核实"}"#)
        XCTAssertEqual(again.status, 422, again.text)
        XCTAssertEqual(again.code, "extension-exceeded")
        XCTAssertEqual(again.error["message"] as? String, "the case limit may be extended once (limits.extension times: 1), and it has been: nothing is left")
        XCTAssertEqual(try h.eventCount("L-1"), afterExtension)
    }

    /// The flows say their ceilings: approver, amount, count; `none` as nothing to have.
    func testFlowsShowTheirExtensionCeilings() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let land = await h.call("GET", "/v1/flows/land-certificate-exchange", token: window)
        XCTAssertEqual(land.status, 200, land.text)
        let ceiling = try XCTUnwrap(land.json["extensionLimit"] as? [String: Any])
        XCTAssertEqual(ceiling["by"] as? String, "land-director")
        XCTAssertEqual(ceiling["max"] as? String, "10 workdays")
        XCTAssertEqual(ceiling["times"] as? Int, 1)
        let bus = await h.call("GET", "/v1/flows/senior-bus-card", token: window)
        XCTAssertEqual(bus.json["extensionLimit"] as? [String: String], ["max": "0 workdays"])
        // The approver's department reads the cases it may extend, even when no step of the flow is its.
        let catalog = try APIHarness.catalog.get()
        var machine = try XCTUnwrap(catalog.flows["land-certificate-exchange"]?.machine)
        XCTAssertFalse(catalog.departments(of: machine).contains("market"))
        machine.limits.extensionAllowance?.by = "market-director"
        XCTAssertTrue(catalog.departments(of: machine).contains("market"))
    }

    /// `extension: none`: the bus card's 10 workdays are not extended, by anyone.
    func testAFlowWithoutExtensionsRefusesEveryOne() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        let accepted = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        let allowance = try XCTUnwrap(accepted.json["extension"] as? [String: Any])
        XCTAssertEqual(allowance["max"] as? Int, 0)
        XCTAssertEqual(allowance["left"] as? Int, 0)
        XCTAssertNil(allowance["by"], "nobody approves")
        let version = try h.eventCount("BC-1")
        let days = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","days":3,"reason":"户籍信息需核实"}"#)
        XCTAssertEqual(days.code, "extension-not-allowed", "no advice on the unit of what cannot be had")
        let refused = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"户籍信息需核实"}"#)
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(refused.code, "extension-not-allowed")
        XCTAssertEqual(refused.error["message"] as? String, "this flow allows no extension of the case limit (limits.extension: none)")
        XCTAssertEqual(try h.eventCount("BC-1"), version)
    }

    /// Once the ceiling is used up, the step's own `extend` decision is shown as unavailable (it would be refused).
    func testAnExtendDecisionPastTheCeilingIsShownUnavailable() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        let head = try h.user("lu.met", department: "meteorology", roles: ["meteorology-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let reviewed = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Bodies.decide("review", "recommend-approve"))
        let open = try XCTUnwrap((reviewed.json["activeSteps"] as? [[String: Any]])?.first)
        XCTAssertEqual(open["step"] as? String, "decide")
        XCTAssertNil(open["unavailable"], "10 workdays left: the decision's 10 fit")
        let extended = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: #"{"type":"extend","workdays":2,"reason":"需补充论证"}"#)
        XCTAssertEqual(extended.status, 200, extended.text)
        let used = try XCTUnwrap((extended.json["activeSteps"] as? [[String: Any]])?.first)
        XCTAssertEqual(used["unavailable"] as? [String], ["extend"])
        XCTAssertEqual(used["decisions"] as? [String], ["approve", "refuse", "extend"], "still the step's decisions")
        let refused = await h.call("POST", "/v1/cases/LD-1/actions", token: head,
                                   body: #"{"type":"decide","step":"decide","decision":"extend","comment":"情况复杂"}"#)
        XCTAssertEqual(refused.code, "extension-exceeded", refused.text)
    }
}
