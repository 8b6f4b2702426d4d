import Foundation
@testable import ShenpiAPI
import ShenpiCalendar
import ShenpiEngine
import ShenpiStore
import XCTest

final class EncodingTests: XCTestCase {
    func testAnAnswerThatCannotBeEncodedIsA500NotAnEmptySuccess() throws {
        let bad = APIResponse.json(200, ["x": Double.nan])
        XCTAssertEqual(bad.status, 500)
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: bad.body) as? [String: Any])
        XCTAssertEqual((body["error"] as? [String: Any])?["code"] as? String, "internal")
        XCTAssertEqual(APIResponse.json(201, ["x": 1.5]).status, 201)
    }

    /// A case view written directly is byte for byte `JSONEncoder`'s (sorted
    /// keys, slashes as they are), after every action of a case, with its
    /// history, notifications, escapes, a rating and a supplement on the way.
    func testCaseViewsWrittenDirectlyMatchJSONEncoder() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        var compared = 0
        func compare(_ id: String, line: UInt = #line) throws {
            let record = try h.engine.case(id)
            let machine = try h.engine.machine(record.fingerprint)
            let calendar = try h.engine.calendars.calendar(machine.calendar)
            let catalog = try APIHarness.catalog.get()
            var linked = CaseView(state: record.state, machine: machine, calendar: calendar, catalog: catalog, at: h.now)
            linked.parent = CaseLinkView(.init(caseID: "P-1", step: "call/\"x\"", flow: nil, status: nil))
            linked.subcases = [CaseLinkView(.init(caseID: "P-1.a.1", step: "a", flow: "deed-tax", status: "preSubmitted"))]
            for view in [
                CaseView(state: record.state, machine: machine, calendar: calendar, catalog: catalog, at: h.now),
                CaseView(state: record.state, machine: machine, calendar: calendar, catalog: catalog, at: h.now,
                         history: record.history, notifications: try h.api.outbox.messages(caseID: id)),
                linked,
            ] {
                let direct = try XCTUnwrap(view.json)
                XCTAssertEqual(String(decoding: direct, as: UTF8.self), String(decoding: try XCTUnwrap(JSONOutput.encode(view)), as: UTF8.self), line: line)
                compared += 1
            }
        }
        let submitted = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-9", materials: []))
        XCTAssertEqual(submitted.status, 201, submitted.text)
        try compare("BC-9")
        for (token, body) in [
            (window, Bodies.decide("accept", "supplement")),
            (window, #"{"type":"supplement","materials":["id-card"]}"#),
            (window, Bodies.decide("accept", "accept")),
            (officer, #"{"type":"start-special-procedure","reason":"户籍\n核验 \"外省\"","workdays":5}"#),
            (officer, #"{"type":"end-special-procedure"}"#),
            (officer, #"{"type":"decide","step":"eligibility-review","decision":"eligible","comment":"a/b \\ \t\r\n"}"#),
            (officer, Bodies.decide("make-card", "card-made")),
        ] {
            h.advance(seconds: 3600)
            let answer = await h.call("POST", "/v1/cases/BC-9/actions", token: token, body: body)
            XCTAssertEqual(answer.status, 200, answer.text)
            try compare("BC-9")
        }
        let rated = await h.call("POST", "/v1/cases/BC-9/rating", token: window, body: #"{"level":2,"comment":"等太久/\"慢\""}"#)
        XCTAssertEqual(rated.status, 200, rated.text)
        try compare("BC-9")
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        let followedUp = await h.call("POST", "/v1/cases/BC-9/follow-up", token: supervisor, body: #"{"result":"unfounded","comment":"核实：\"慢\"/当日办结"}"#)
        XCTAssertEqual(followedUp.status, 200, followedUp.text)
        try compare("BC-9")
        let called = await h.call("POST", "/v1/cases/BC-9/callback", token: supervisor, body: #"{"result":"unreachable"}"#)
        XCTAssertEqual(called.status, 200, called.text)
        try compare("BC-9")
        // An extension allowance with every member: approver, times, some used.
        let director = try h.user("zhou.min", department: "land", roles: ["land-director"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-9"))
        _ = await h.call("POST", "/v1/cases/L-9/actions", token: window, body: Bodies.decide("accept", "accept"))
        let extended = await h.call("POST", "/v1/cases/L-9/actions", token: director, body: #"{"type":"extend","workdays":2,"reason":"调档"}"#)
        XCTAssertEqual(extended.status, 200, extended.text)
        XCTAssertEqual((extended.json["extension"] as? [String: Any])?["by"] as? String, "land-director")
        try compare("L-9")
        // An active step with an unavailable decision (the ceiling used up).
        let reviewer = try h.user("feng.met", department: "meteorology", roles: ["meteorology-reviewer"])
        let head = try h.user("lu.met", department: "meteorology", roles: ["meteorology-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: FinishedWhilePausedTests.design)
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        _ = await h.call("POST", "/v1/cases/LD-1/actions", token: reviewer, body: Bodies.decide("review", "recommend-approve"))
        let used = await h.call("POST", "/v1/cases/LD-1/actions", token: head, body: #"{"type":"extend","workdays":2,"reason":"论证"}"#)
        XCTAssertEqual((used.json["activeSteps"] as? [[String: Any]])?.first?["unavailable"] as? [String], ["extend"], used.text)
        try compare("LD-1")
        XCTAssertEqual(compared, 39)
    }
}
