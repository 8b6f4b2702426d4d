import Foundation
import XCTest

/// `GET /v1/report?format=text`: the pages `shenpi report` prints, for a
/// supervisor away from the server.
final class ReportTextAPITests: XCTestCase {
    func testTheReportAsText() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-1"))
        _ = await h.call("POST", "/v1/cases/L-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        h.advance(seconds: 60 * 86_400)  // past the legal 30 workdays (due with 11/19)

        let text = await h.call("GET", "/v1/report?from=2025-10-01&to=2025-11-30&format=text", token: supervisor)
        XCTAssertEqual(text.status, 200, text.text)
        XCTAssertEqual(text.headers["content-type"], "text/plain; charset=utf-8")
        XCTAssertTrue(text.text.hasPrefix("政务服务督查报告  2025-10-01 至 2025-11-30"), text.text)
        XCTAssertTrue(text.text.contains("超过法定时限（违法超期，不限受理时间）：1 件"), text.text)
        // The same report as JSON, by default or asked for.
        let json = await h.call("GET", "/v1/report?from=2025-10-01&to=2025-11-30&format=json", token: supervisor)
        XCTAssertEqual(json.headers["content-type"], "application/json; charset=utf-8")
        XCTAssertEqual((json.json["pastLegalLimit"] as? [[String: Any]])?.first?["case"] as? String, "L-1")
        let plain = await h.call("GET", "/v1/report?from=2025-10-01&to=2025-11-30", token: supervisor)
        XCTAssertEqual(plain.text, json.text)

        let bad = await h.call("GET", "/v1/report?format=pdf", token: supervisor)
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.code, "bad-query")
        XCTAssertEqual(bad.error["field"] as? String, "format")
        XCTAssertEqual(bad.error["message"] as? String, "format is json or text, found pdf")
    }
}
