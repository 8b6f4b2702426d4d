import Foundation
@testable import ShenpiAPI
import ShenpiStore
import XCTest

/// A case of a flow with `fees` shows each fee worked out from its fields.
final class FeeAPITests: XCTestCase {
    static func transfer(_ id: String, use: String, extra: Int?) -> String {
        SubcaseAPITests.transfer.replacingOccurrences(of: "\"id\":\"BDC-1\"", with: "\"id\":\"\(id)\"")
            .replacingOccurrences(of: "\"use\":\"residential\"", with: "\"use\":\"\(use)\"" + (extra.map { ",\"extra-certificates\":\($0)" } ?? ""))
    }

    func testTheCaseShowsItsFees() async throws {
        let h = try APIHarness(start: "2025-12-01T09:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        for (id, use, extra, amount) in [("BDC-1", "residential", nil, 80), ("BDC-2", "non-residential", 2, 570)] as [(String, String, Int?, Int)] {
            var body = Self.transfer(id, use: use, extra: extra)
            if use == "non-residential" {
                body = body.replacingOccurrences(of: "\"family-housing-record\"]", with: "\"family-housing-record\",\"original-invoice\"]")
            }
            let submitted = await h.call("POST", "/v1/cases", token: window, body: body)
            XCTAssertEqual(submitted.status, 201, submitted.text)
            let fees = try XCTUnwrap(submitted.json["fees"] as? [[String: Any]], submitted.text)
            XCTAssertEqual(fees.count, 1)
            XCTAssertEqual(fees[0]["id"] as? String, "registration")
            XCTAssertEqual(fees[0]["title"] as? String, "不动产登记费")
            XCTAssertEqual(fees[0]["amount"] as? Int, amount, id)
            XCTAssertNil(fees[0]["unavailable"])
            XCTAssertNotNil(fees[0]["basis"] as? String)
            // Written directly, as JSONEncoder would.
            let record = try h.engine.case(id)
            let machine = try h.engine.machine(record.fingerprint)
            let view = CaseView(state: record.state, machine: machine, calendar: try h.engine.calendars.calendar(machine.calendar),
                                catalog: try APIHarness.catalog.get(), at: h.now)
            XCTAssertEqual(String(decoding: try XCTUnwrap(view.json), as: UTF8.self),
                           String(decoding: try XCTUnwrap(JSONOutput.encode(view)), as: UTF8.self))
        }
        // The window's queue shows each case's fees; a flow without fees has no key.
        let queue = await h.call("GET", "/v1/queue", token: window)
        XCTAssertEqual(queue.status, 200, queue.text)
        let items = try XCTUnwrap(queue.json["items"] as? [[String: Any]], queue.text)
        func queued(_ id: String) -> [[String: Any]]? { items.first { $0["caseId"] as? String == id }?["fees"] as? [[String: Any]] }
        XCTAssertEqual(queued("BDC-1")?.map { $0["amount"] as? Int }, [80], queue.text)
        XCTAssertEqual(queued("BDC-2")?.map { $0["amount"] as? Int }, [570], queue.text)
        XCTAssertEqual(queued("BDC-2")?.first?["title"] as? String, "不动产登记费")
        // The flow says how the amount is worked out.
        let flow = await h.call("GET", "/v1/flows/property-transfer", token: window)
        let described = try XCTUnwrap((flow.json["fees"] as? [[String: Any]])?.first, flow.text)
        XCTAssertEqual(described["amount"] as? String, "if(use == 'residential', 80, 550) + if(given(extra-certificates), 10 * extra-certificates, 0)")
        let field = (flow.json["fields"] as? [[String: Any]])?.first { $0["id"] as? String == "extra-certificates" }
        XCTAssertEqual(field?["title"] as? String, "加发证书本数（共有人分别持证时，第二本起）", "a form can label it")
        XCTAssertEqual([field?["minimum"] as? Int, field?["maximum"] as? Int], [0, 99], "and check it")
        let card = await h.call("GET", "/v1/flows/senior-bus-card", token: window)
        XCTAssertNil(card.json["fees"])
        // A flow without fees has no key.
        let cardCase = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(cardCase.status, 201, cardCase.text)
        XCTAssertNil(cardCase.json["fees"])
        let cardQueue = await h.call("GET", "/v1/queue", token: window)
        let cardItem = (cardQueue.json["items"] as? [[String: Any]])?.first { $0["caseId"] as? String == "BC-1" }
        XCTAssertNotNil(cardItem, cardQueue.text)
        XCTAssertNil(cardItem?["fees"])
        // A count the field's bounds refuse never reaches the fee (-1 would have made 70).
        for (extra, reason) in [(-1, "must be at least 0, found -1"), (100, "must be at most 99, found 100")] {
            let refused = await h.call("POST", "/v1/cases", token: window, body: Self.transfer("BDC-X\(extra)", use: "residential", extra: extra))
            XCTAssertEqual([refused.status.description, refused.code ?? ""], ["422", "invalid-field"], refused.text)
            XCTAssertTrue(refused.text.contains("field \\\"extra-certificates\\\": \(reason)"), refused.text)
            let stored = await h.call("GET", "/v1/cases/BDC-X\(extra)", token: window)
            XCTAssertEqual(stored.status, 404, "nothing written")
        }
    }
}
