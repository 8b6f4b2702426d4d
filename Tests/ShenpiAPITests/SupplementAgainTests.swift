@testable import ShenpiAPI
import XCTest

/// A document handed in again: before acceptance, with nothing awaited, a
/// re-scan that would only move the receipt a deemed acceptance counts
/// from (refused, nothing written); after acceptance, or before an online
/// application is received, a real supplement (taken).
final class SupplementAgainTests: XCTestCase {
    func testADocumentHandedInAgain() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let again = #"{"type":"supplement","materials":["id-card"]}"#
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        let events = try h.eventCount("BC-1")
        let rescan = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: again)
        XCTAssertEqual([rescan.status.description, rescan.code ?? "", rescan.error["field"] as? String ?? ""], ["422", "supplement-refused", "materials"], rescan.text)
        XCTAssertTrue((rescan.error["message"] as? String ?? "").hasPrefix("every material named is in the file already (id-card)"), rescan.text)
        XCTAssertEqual(try h.eventCount("BC-1"), events, "nothing written")
        _ = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let revised = await h.call("POST", "/v1/cases/BC-1/actions", token: window, body: again)
        XCTAssertEqual(revised.status, 200, "after acceptance: " + revised.text)

        let online = Bodies.busCard("BC-2").replacingOccurrences(of: #"{"flow":"senior-bus-card","#, with: #"{"flow":"senior-bus-card","channel":"online","#)
        let pre = await h.call("POST", "/v1/cases", token: window, body: online)
        XCTAssertEqual(pre.json["status"] as? String, "pre-submitted", pre.text)
        let reupload = await h.call("POST", "/v1/cases/BC-2/actions", token: window, body: again)
        XCTAssertEqual(reupload.status, 200, "before receipt: " + reupload.text)
    }
}
