import Foundation
import ShenpiEngine
import XCTest

/// A case submitted through the API runs under the current engine rules,
/// recorded in its `submitted` event (a default evaluated where the command
/// is made: a stale build of a client module once kept the old number).
final class EngineRulesAPITests: XCTestCase {
    func testANewCaseRecordsTheCurrentRules() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let created = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-R"))
        XCTAssertEqual(created.status, 201, created.text)
        let read = await h.call("GET", "/v1/cases/BC-R", token: window)
        let submitted = (read.json["history"] as? [[String: Any]] ?? []).first { $0["type"] as? String == "submitted" }
        XCTAssertEqual((submitted?["detail"] as? [String: Any])?["rules"] as? Int, EngineRules.current, read.text)
        XCTAssertEqual(try h.engine.case("BC-R").state.rules, EngineRules.current)
    }
}
