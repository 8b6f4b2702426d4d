import Foundation
import XCTest

/// Four-eyes on a step after a parallel join: 登簿 (record) of
/// property-transfer follows three branches, and the registrar who passed
/// the registration branch may not record the deed, whichever branch
/// happened to finish last.
final class FourEyesJoinAPITests: XCTestCase {
    /// BDC-1 taken to 登簿 (record): chu.reg passed registration first, the
    /// tax branch closed the join last. The users' tokens by name.
    static func atRecord(_ h: APIHarness) async throws -> [String: String] {
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let tax = try h.user("zhou.tax", department: "local-tax", roles: ["deed-tax-officer", "local-tax-officer"])
        let housing = try h.user("he.fang", department: "housing", roles: ["housing-officer"])
        let chu = try h.user("chu.reg", department: "realestate", roles: ["realestate-reviewer", "realestate-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: SubcaseAPITests.transfer)
        _ = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let child = "BDC-1~deed-tax-collection~1"
        for (step, decision) in [("review", "declared"), ("assess", "assessed"), ("collect", "paid")] {
            let r = await h.call("POST", "/v1/cases/\(child)/actions", token: tax, body: Bodies.decide(step, decision))
            XCTAssertEqual(r.status, 200, "\(step): \(r.text)")
        }
        for (token, step, decision) in [(chu, "registration-review", "pass"), (housing, "transaction-check", "confirm"),
                                        (tax, "seller-tax", "paid")] {
            let r = await h.call("POST", "/v1/cases/BDC-1/actions", token: token, body: Bodies.decide(step, decision))
            XCTAssertEqual(r.status, 200, "\(step): \(r.text)")
        }
        return ["li.na": window, "zhou.tax": tax, "he.fang": housing, "chu.reg": chu]
    }

    func testTheReviewerOfAnyBranchMayNotDecideTheFourEyesStepAfterTheJoin() async throws {
        let h = try APIHarness(start: "2025-12-01T09:00")
        let users = try await Self.atRecord(h)
        let chu = try XCTUnwrap(users["chu.reg"])
        let wei = try h.user("wei.head", department: "realestate", roles: ["realestate-head"])
        let before = try h.eventCount("BDC-1")
        let same = await h.call("POST", "/v1/cases/BDC-1/actions", token: chu, body: Bodies.decide("record", "record"))
        XCTAssertEqual(same.status, 403, same.text)
        XCTAssertEqual(same.code, "four-eyes")
        XCTAssertEqual(same.error["message"] as? String,
                       #"chu.reg decided "registration-review", the last step of a branch joined before "record", so may not decide it (four-eyes)"#)
        XCTAssertEqual(try h.eventCount("BDC-1"), before, "a refusal writes nothing")
        // A stale If-Match is still answered first.
        let stale = await h.call("POST", "/v1/cases/BDC-1/actions", token: chu, body: Bodies.decide("record", "record"),
                                 headers: ["If-Match": "\"1\""])
        XCTAssertEqual(stale.status, 409, stale.text)
        // Another head records.
        let other = await h.call("POST", "/v1/cases/BDC-1/actions", token: wei, body: Bodies.decide("record", "record"))
        XCTAssertEqual(other.status, 200, other.text)
    }
}
