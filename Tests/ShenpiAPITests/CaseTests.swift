import Foundation
import ShenpiAPI
import ShenpiStore
import XCTest

/// A case from submission to rating through the API, and every refusal on the way.
final class CaseTests: XCTestCase {
    /// A blank optional text counts as absent, as `null` does: no comment of nothing on the record.
    func testBlankOptionalTextsAreLeftOut() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: #"{"type":"decide","step":"accept","decision":"accept","comment":" "}"#)
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: Bodies.decide("eligibility-review", "eligible"))
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: Bodies.decide("make-card", "card-made"))
        let rated = await h.call("POST", "/v1/cases/BC-1/rating", token: window, body: #"{"level":4,"comment":"\u3000"}"#)
        XCTAssertEqual(rated.status, 200, rated.text)
        XCTAssertNil((rated.json["rating"] as? [String: Any])?["comment"], rated.text)
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-2"))
        let withdrawn = await h.call("POST", "/v1/cases/BC-2/actions", token: window, body: #"{"type":"withdraw","reason":""}"#)
        XCTAssertEqual(withdrawn.status, 200, withdrawn.text)
        for id in ["BC-1", "BC-2"] {
            let read = await h.call("GET", "/v1/cases/\(id)?history=true", token: window)
            XCTAssertFalse(read.text.contains(#""comment":" ""#) || read.text.contains(#""reason":"""#), read.text)
        }
    }

    func testACaseFromSubmissionToRating() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        let submitted = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(submitted.status, 201, submitted.text)
        XCTAssertEqual(submitted.headers["etag"], "\"1\"")
        XCTAssertEqual(submitted.headers["location"], "/v1/cases/BC-1")
        XCTAssertEqual(submitted.json["status"] as? String, "active")
        XCTAssertEqual(submitted.json["channel"] as? String, "window")
        XCTAssertEqual((submitted.json["activeSteps"] as? [[String: Any]])?.first?["step"] as? String, "accept")

        let early = await h.call("POST", "/v1/cases/BC-1/rating", token: window, body: #"{"level":5}"#)
        XCTAssertEqual(early.status, 422)
        XCTAssertEqual(early.code, "rating-refused")

        h.advance(seconds: 600)
        let accepted = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"), headers: ["If-Match": "\"1\""])
        XCTAssertEqual(accepted.status, 200, accepted.text)
        XCTAssertEqual(accepted.headers["etag"], "\"2\"")
        let queue = await h.call("GET", "/v1/queue", token: officer)
        XCTAssertEqual((queue.json["items"] as? [[String: Any]])?.map { $0["caseId"] as? String }, ["BC-1"])
        let r1 = await h.call("GET", "/v1/queue", token: window)
        XCTAssertEqual((r1.json["items"] as? [Any])?.count, 0)

        h.advance(seconds: 3600)
        let reviewed = await h.call("POST", "/v1/cases/BC-1/actions", token: officer,
                                    body: #"{"type":"decide","step":"eligibility-review","decision":"eligible","comment":"户籍核验通过"}"#)
        XCTAssertEqual(reviewed.status, 200, reviewed.text)
        let made = await h.call("POST", "/v1/cases/BC-1/actions", token: officer, body: Bodies.decide("make-card", "card-made"))
        XCTAssertEqual(made.json["status"] as? String, "finished")
        XCTAssertEqual(made.json["outcome"] as? String, "issued")
        XCTAssertEqual(made.json["onTime"] as? Bool, true)

        let rated = await h.call("POST", "/v1/cases/BC-1/rating", token: window, body: #"{"level":2,"comment":"等太久"}"#)
        XCTAssertEqual(rated.status, 200, rated.text)
        XCTAssertEqual((rated.json["rating"] as? [String: Any])?["level"] as? Int, 2)
        let r2 = await h.call("POST", "/v1/cases/BC-1/rating", token: window, body: #"{"level":5}"#)
        XCTAssertEqual(r2.code, "rating-refused")

        let read = await h.call("GET", "/v1/cases/BC-1", token: officer)
        XCTAssertEqual(read.status, 200)
        XCTAssertEqual(read.headers["etag"], "\"\(read.json["version"] as? Int ?? -1)\"")
        let history = try XCTUnwrap(read.json["history"] as? [[String: Any]])
        let decided = history.filter { $0["type"] as? String == "decided" }
        XCTAssertEqual(decided.compactMap { $0["actor"] as? String }, ["system", "li.na", "wang.fang", "wang.fang"])
        XCTAssertEqual((decided[2]["detail"] as? [String: Any])?["comment"] as? String, "户籍核验通过")
        XCTAssertEqual((history.first?["detail"] as? [String: Any])?["materials"] as? [String], ["id-card"])
        // The 差评 is rated, then told at once to the flow's roles (negative-rating-to).
        XCTAssertEqual(history.suffix(3).compactMap { $0["type"] as? String }, ["rated", "notified", "notified"])
        XCTAssertEqual(read.json["channel"] as? String, "window")
        let entered = try XCTUnwrap(history.first { $0["type"] as? String == "entered" }?["detail"] as? [String: Any])
        XCTAssertNil(entered["_0"], "enum payloads are unwrapped: \(entered)")
        XCTAssertEqual(entered["node"] as? String, "accept", "the step by its id")
        // Clock events say which clock, in words.
        for type in ["clockStarted", "clockChanged"] {
            for event in history where event["type"] as? String == type {
                let detail = try XCTUnwrap(event["detail"] as? [String: Any], "\(event)")
                XCTAssertTrue(["case", "step"].contains(detail["clock"] as? String ?? ""), "\(detail)")
                XCTAssertNil(detail["_0"], "\(detail)")
                XCTAssertEqual(detail["token"] != nil, detail["clock"] as? String == "step", "\(detail)")
                if type == "clockChanged" { XCTAssertNotNil(detail["change"], "\(detail)") }
            }
        }
        XCTAssertTrue(history.contains { $0["type"] as? String == "clockChanged" }, "the special procedure stopped a clock")
        let notifications = try XCTUnwrap(read.json["notifications"] as? [[String: Any]])
        XCTAssertEqual(notifications.suffix(2).compactMap { $0["recipient"] as? String }, ["role:bus-card-reviewer", "role:center-head"])
        XCTAssertEqual(notifications.last?["text"] as? String,
                       "差评待整改反馈：老年人免费乘车卡办理事项（受理编号BC-1）评价 2 分（不满意）：“等太久”。请核实，整改或说明后向申请人反馈。")
        let collect = try XCTUnwrap(notifications.last { $0["recipient"] as? String == "applicant" }?["text"] as? String)
        XCTAssertTrue(collect.contains("市民中心 A 区 12 号窗口"), "{guide.place} is filled: " + collect)
        XCTAssertEqual(notifications.first?["status"] as? String, "pending")
        XCTAssertEqual(notifications.first?["deliveryId"] as? String, try Outbox(database: h.engine.database).messages(caseID: "BC-1").first?.deliveryID)
        XCTAssertEqual((notifications.first?["deliveryId"] as? String)?.count, "shenpi-".count + 32)

        // 差评 reaches the supervisor.
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        let report = await h.call("GET", "/v1/report", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertTrue(report.text.contains("BC-1"), report.text)
    }

    func testRefusalsAreTypedAndLeaveNoTrace() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer"])
        let r3 = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r3.status, 201)
        let events = try h.eventCount("BC-1")
        let cases: [(String, String, Int, String)] = [
            (officer, Bodies.decide("accept", "accept"), 403, "role-required"),
            (window, Bodies.decide("eligibility-review", "eligible"), 422, "step-not-active"),
            (window, Bodies.decide("accept", "approve"), 422, "unknown-decision"),
            (window, #"{"type":"supplement","materials":["passport"]}"#, 422, "unknown-materials"),
            (officer, #"{"type":"withdraw"}"#, 403, "forbidden"),
            (window, #"{"type":"end-special-procedure"}"#, 422, "command-refused"),
        ]
        for (token, body, status, code) in cases {
            let a = await h.call("POST", "/v1/cases/BC-1/actions", token: token, body: body)
            XCTAssertEqual(a.status, status, body + " " + a.text)
            XCTAssertEqual(a.code, code, body)
        }
        let missing = await h.call("POST", "/v1/cases/NOPE/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(missing.status, 404)
        let r4 = await h.call("GET", "/v1/cases/NOPE", token: window)
        XCTAssertEqual(r4.status, 404)
        // A required field left blank on the form: refused, though it is a string.
        for blank in ["", "  ", "\\u3000\\n"] {
            let body = Bodies.busCard("BC-2").replacingOccurrences(of: #""applicant-name":"张三""#, with: #""applicant-name":"\#(blank)""#)
            let r = await h.call("POST", "/v1/cases", token: window, body: body)
            XCTAssertEqual(r.status, 422, r.text)
            XCTAssertEqual(r.code, "invalid-field", r.text)
            XCTAssertEqual(r.error["field"] as? String, "fields.applicant-name", r.text)
            XCTAssertEqual(r.error["message"] as? String, #"field "applicant-name": a required field cannot be blank"#)
        }
        XCTAssertThrowsError(try h.engine.case("BC-2"))
        // A 422 like the engine's: the body's own 400s come first.
        let badID = Bodies.busCard("BC~2").replacingOccurrences(of: #""applicant-name":"张三""#, with: #""applicant-name":" ""#)
        let both = await h.call("POST", "/v1/cases", token: window, body: badID)
        XCTAssertEqual(both.status, 400, both.text)
        let duplicate = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(duplicate.status, 409)
        XCTAssertEqual(duplicate.code, "case-exists")
        XCTAssertEqual(try h.eventCount("BC-1"), events)
        XCTAssertEqual(try h.engine.case("BC-1").version, 1)
    }

    func testVersionConflictsAnswer409WithTheCurrentVersion() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let r5 = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r5.status, 201)
        let stale = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"), headers: ["If-Match": "\"0\""])
        XCTAssertEqual(stale.status, 409)
        XCTAssertEqual(stale.code, "version-conflict")
        XCTAssertEqual(stale.error["currentVersion"] as? Int, 1)
        XCTAssertEqual(try h.engine.case("BC-1").version, 1)
        let wildcard = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"), headers: ["If-Match": "*"])
        XCTAssertEqual(wildcard.status, 200)
    }

    func testConcurrentActionsOnOneCaseExactlyOneWins() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let r6 = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r6.status, 201)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for decision in ["accept", "refuse", "accept", "supplement", "accept", "refuse", "accept", "accept"] {
                group.addTask {
                    // With a comment: a refusal without one is 422 `reason-required` whenever it runs first.
                    await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", decision, comment: "核对"),
                                 headers: ["If-Match": "\"1\""]).status
                }
            }
            var all: [Int] = []
            for await s in group { all.append(s) }
            return all
        }
        XCTAssertEqual(statuses.filter { $0 == 200 }.count, 1, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == 409 }.count, 7, "\(statuses)")
        XCTAssertEqual(try h.engine.case("BC-1").version, 2)
    }

    func testIdempotencyKeyReturnsTheFirstAnswerAndChangesNothing() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let other = try h.user("zhou.min", department: "center", roles: ["window"], scopes: [.intake])
        let key = ["Idempotency-Key": "submit-BC-1"]
        let first = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"), headers: key)
        XCTAssertEqual(first.status, 201)
        h.advance(seconds: 60)
        let retry = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"), headers: key)
        XCTAssertEqual(retry.status, 201)
        XCTAssertEqual(retry.body, first.body)
        XCTAssertEqual(retry.headers["idempotent-replayed"], "true")
        XCTAssertEqual(retry.headers["etag"], "\"1\"")
        XCTAssertEqual(retry.headers["location"], "/v1/cases/BC-1")
        // Keys are per user: another user's same key is a new request (here: the case exists).
        let r7 = await h.call("POST", "/v1/cases", token: other, body: Bodies.busCard("BC-1"), headers: key)
        XCTAssertEqual(r7.status, 409)
        let reused = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-2"), headers: key)
        XCTAssertEqual(reused.status, 422)
        XCTAssertEqual(reused.code, "idempotency-key-reused")

        let act = ["Idempotency-Key": "accept-BC-1", "If-Match": "\"1\""]
        let once = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"), headers: act)
        let twice = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"), headers: act)
        XCTAssertEqual(once.status, 200)
        XCTAssertEqual(twice.status, 200, "the retry is answered, not refused as a version conflict")
        XCTAssertEqual(twice.body, once.body)
        XCTAssertEqual(try h.engine.case("BC-1").version, 2)
        XCTAssertTrue(try h.engine.cases(at: h.now).map(\.id) == ["BC-1"])
    }

    func testFourEyesRefusesTheSameOfficerOnTheNextStep() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let both = try h.user("chen.jie", department: "land", roles: ["land-reviewer", "land-head"])
        let head = try h.user("sun.li", department: "land", roles: ["land-head"])
        let r8 = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-1"))
        XCTAssertEqual(r8.status, 201)
        let r9 = await h.call("POST", "/v1/cases/L-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(r9.status, 200)
        let r10 = await h.call("POST", "/v1/cases/L-1/actions", token: both, body: Bodies.decide("review", "recommend-approve"))
        XCTAssertEqual(r10.status, 200)
        let events = try h.eventCount("L-1")
        let same = await h.call("POST", "/v1/cases/L-1/actions", token: both, body: Bodies.decide("record", "record"))
        XCTAssertEqual(same.status, 403)
        XCTAssertEqual(same.code, "four-eyes")
        XCTAssertEqual(try h.eventCount("L-1"), events)
        let r11 = await h.call("POST", "/v1/cases/L-1/actions", token: head, body: Bodies.decide("record", "record"))
        XCTAssertEqual(r11.status, 200)
    }

    func testOfficersSeeOnlyCasesTheirDepartmentTakesPartIn() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let transport = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer"])
        let land = try h.user("chen.jie", department: "land", roles: ["land-reviewer"])
        let r12 = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r12.status, 201)
        let r13 = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-1"))
        XCTAssertEqual(r13.status, 201)
        func ids(_ a: APIHarness.Answer) -> [String] { (a.json["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        let r14 = await h.call("GET", "/v1/cases", token: transport)
        XCTAssertEqual(ids(r14), ["BC-1"])
        let r15 = await h.call("GET", "/v1/cases", token: land)
        XCTAssertEqual(ids(r15), ["L-1"])
        let r16 = await h.call("GET", "/v1/cases", token: window)
        XCTAssertEqual(ids(r16), ["BC-1", "L-1"])
        let r17 = await h.call("GET", "/v1/cases?department=land", token: window)
        XCTAssertEqual(ids(r17), ["L-1"])
        let r18 = await h.call("GET", "/v1/cases?flow=senior-bus-card&status=active&colour=normal", token: window)
        XCTAssertEqual(ids(r18), ["BC-1"])
        let r19 = await h.call("GET", "/v1/cases?status=finished", token: window)
        XCTAssertEqual(ids(r19), [])
        let r20 = await h.call("GET", "/v1/cases/L-1", token: transport)
        XCTAssertEqual(r20.status, 404)
        let r21 = await h.call("GET", "/v1/cases/BC-1", token: transport)
        XCTAssertEqual(r21.status, 200)
    }

    func testOverdueCasesListRedAfterTheClockRunsOut() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake, .supervise])
        let r22 = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(r22.status, 201)
        let r23 = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(r23.status, 200)
        h.advance(seconds: 40 * 86_400)
        let red = await h.call("GET", "/v1/cases?colour=red", token: window)
        XCTAssertEqual((red.json["cases"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["BC-1"])
        let read = await h.call("GET", "/v1/cases/BC-1", token: window)
        XCTAssertEqual((read.json["clock"] as? [String: Any])?["colour"] as? String, "red")
        // A public service item: the law sets no limit (legal: none), so late is not unlawful.
        XCTAssertNil(read.json["legalClock"], "\(read.json)")
    }

    func testManySubmissionsShareGroupCommitsAndAllLand() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let statuses = await withTaskGroup(of: Int.self) { group in
            for i in 0..<40 {
                group.addTask {
                    // Every fifth one is refused (a duplicate id) and must not disturb its batch.
                    let id = i % 5 == 4 ? "BC-0" : "BC-\(i)"
                    return await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard(id)).status
                }
            }
            var all: [Int] = []
            for await s in group { all.append(s) }
            return all
        }
        XCTAssertEqual(statuses.filter { $0 == 201 }.count, 32, "\(statuses)")
        let first = await h.call("GET", "/v1/cases?limit=20", token: window)
        XCTAssertEqual((first.json["cases"] as? [Any])?.count, 20)
        XCTAssertEqual(first.json["total"] as? Int, 32)
        XCTAssertEqual(first.json["next"] as? Int, 20)
        let last = await h.call("GET", "/v1/cases?limit=20&offset=20", token: window)
        XCTAssertEqual((last.json["cases"] as? [Any])?.count, 12)
        XCTAssertNil(last.json["next"])
        let zero = await h.call("GET", "/v1/cases?limit=0", token: window)
        XCTAssertEqual(zero.status, 400)
        // The window's queue, a page at a time, oldest first.
        let queue = await h.call("GET", "/v1/queue?limit=30", token: window)
        XCTAssertEqual((queue.json["items"] as? [Any])?.count, 30)
        XCTAssertEqual(queue.json["total"] as? Int, 32)
        XCTAssertEqual(queue.json["next"] as? Int, 30)
        let rest = await h.call("GET", "/v1/queue?limit=30&offset=30", token: window)
        XCTAssertEqual((rest.json["items"] as? [Any])?.count, 2)
        XCTAssertNil(rest.json["next"])
        let entered = ((queue.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["enteredAt"] as? String }
        XCTAssertEqual(entered, entered.sorted())
        for bad in ["limit=0", "limit=1001", "offset=-1", "limit=x", "limit=005", "offset=007", "limit=+5"] {
            let r = await h.call("GET", "/v1/queue?" + bad, token: window)
            XCTAssertEqual(r.status, 400, bad)
            XCTAssertEqual(r.code, "bad-query", bad)
        }
        XCTAssertEqual(statuses.filter { $0 == 409 }.count, 8, "\(statuses)")
        XCTAssertEqual(try h.engine.cases(at: h.now).count, 32)
        XCTAssertNil(try StoreAudit.verify(h.engine.database.writer).mismatch)
    }
}
