import Foundation
import ShenpiAPI
import XCTest

/// `extend` names its unit, and the unit must be the case limit's own; it
/// gives a reason, which the applicant is told with the new due date (Art. 42).
final class ExtendAPITests: XCTestCase {
    func testAnExtensionIsWrittenInTheUnitOfTheCaseLimit() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        let stranger = try h.user("zhao.lei", department: "meteorology", roles: ["meteorology-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        let accepted = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        let due = try XCTUnwrap((accepted.json["clock"] as? [String: Any])?["due"] as? String)
        let version = try h.eventCount("BC-1")

        // The bus card's limit is 10 workdays: "days" is refused, with nothing written.
        let days = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","days":3,"reason":"需现场核查"}"#)
        XCTAssertEqual(days.status, 422, days.text)
        XCTAssertEqual(days.code, "extension-unit")
        XCTAssertEqual(days.error["field"] as? String, "days")
        XCTAssertEqual(days.error["message"] as? String, "the case limit (10 workdays) counts workdays; give the extension in workdays")
        XCTAssertEqual(try h.eventCount("BC-1"), version)
        // A user who may not read the case learns nothing of its limit.
        let hidden = await h.call("POST", "/v1/cases/BC-1/actions", token: stranger, body: #"{"type":"extend","days":3,"reason":"需现场核查"}"#)
        XCTAssertEqual(hidden.status, 404, hidden.text)

        let none = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend"}"#)
        XCTAssertEqual(none.status, 400)
        XCTAssertEqual(none.error["field"] as? String, "workdays")
        let two = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","workdays":2,"days":2}"#)
        XCTAssertEqual(two.status, 400)
        XCTAssertEqual(two.error["field"] as? String, "days")
        let zero = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","hours":0}"#)
        XCTAssertEqual(zero.status, 400)
        XCTAssertEqual(zero.error["message"] as? String, "an extension is 1 to 9999 hours")

        // Art. 42: no extension without a reason for the applicant.
        let unexplained = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","workdays":3}"#)
        XCTAssertEqual(unexplained.status, 400, unexplained.text)
        XCTAssertEqual(unexplained.error["field"] as? String, "reason")
        let blank = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":" \n"}"#)
        XCTAssertEqual(blank.status, 400, blank.text)
        XCTAssertEqual(blank.error["message"] as? String, "must not be empty")
        let stop = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: #"{"type":"extend","workdays":3,"reason":"。"}"#)
        XCTAssertEqual(stop.status, 400, stop.text)
        XCTAssertEqual(stop.error["message"] as? String, "must not be only punctuation")
        XCTAssertEqual(try h.eventCount("BC-1"), version)

        let extended = await h.call("POST", "/v1/cases/BC-1/actions", token: officer,
                                    body: #"{"type":"extend","workdays":3,"reason":"户籍信息需向原籍派出所核实"}"#)
        XCTAssertEqual(extended.status, 200, extended.text)
        let later = try XCTUnwrap((extended.json["clock"] as? [String: Any])?["due"] as? String)
        XCTAssertGreaterThan(later, due)
        XCTAssertEqual(extended.headers["etag"], "\"3\"", "one command after the acceptance, none from the refusals")
        let read = await h.call("GET", "/v1/cases/BC-1", token: officer)
        let history = try XCTUnwrap(read.json["history"] as? [[String: Any]])
        let event = try XCTUnwrap(history.last { $0["type"] as? String == "extended" }?["detail"] as? [String: Any])
        XCTAssertEqual(event["reason"] as? String, "户籍信息需向原籍派出所核实")
        let notice = try XCTUnwrap((read.json["notifications"] as? [[String: Any]])?.last)
        XCTAssertEqual(notice["recipient"] as? String, "applicant")
        // Due at the start of 22 October: the last day of the limit is the 21st.
        XCTAssertEqual(later, "2025-10-22T00:00:00+08:00")
        XCTAssertEqual(notice["text"] as? String, "您的老年人免费乘车卡办理申请（受理编号BC-1）经批准延长办理期限3个工作日，"
                       + "理由：户籍信息需向原籍派出所核实。延长后的办结日期为2025-10-21。")
    }
}
