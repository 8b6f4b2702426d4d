import Foundation
import ShenpiEngine
import XCTest

/// The history names the user who entered the applicant's acts (步步留痕).
final class EnteredByAPITests: XCTestCase {
    func testTheWindowOfficerIsRecordedForTheSubmissionAndTheRating() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let r = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1", materials: []))
        XCTAssertEqual(r.status, 201, r.text)
        let supplement = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: #"{"type":"supplement","materials":["id-card"]}"#)
        XCTAssertEqual(supplement.status, 200, supplement.text)
        let history = try h.engine.case("BC-1").history.map(\.event)
        XCTAssertEqual(history.first?.actor, "li.na")
        XCTAssertTrue(history.contains { if case .supplemented = $0.fact { $0.actor == "li.na" } else { false } })
        XCTAssertFalse(history.contains { $0.actor == "applicant" })
    }
}
