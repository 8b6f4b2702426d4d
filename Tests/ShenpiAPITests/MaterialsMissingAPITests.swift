import Foundation
import XCTest

/// 422 `materials-missing` names each material as the window reads it (its
/// title, with its id), and lists both, so an officer need not look the
/// ids up; nothing is written.
final class MaterialsMissingAPITests: XCTestCase {
    func testAMissingMaterialIsNamedByItsTitle() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let body = Bodies.busCard("BC-M").replacingOccurrences(of: #""hukou":"local""#, with: #""hukou":"non-local""#)
        let created = await h.call("POST", "/v1/cases", token: window, body: body)
        XCTAssertEqual(created.status, 201, created.text)
        let before = try h.eventCount("BC-M")
        let r = await h.call("POST", "/v1/cases/BC-M/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(r.status, 422, r.text)
        XCTAssertEqual(r.code, "materials-missing")
        XCTAssertEqual(r.error["message"] as? String, #"step "accept" needs 本市居住证 (residence-permit)"#)
        XCTAssertEqual(r.error["missing"] as? [String], ["residence-permit"])
        XCTAssertEqual(r.error["missingTitles"] as? [String], ["本市居住证"])
        XCTAssertEqual(try h.eventCount("BC-M"), before, "nothing written")
    }
}
