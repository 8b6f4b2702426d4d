import Foundation
import ShenpiCalendar
@testable import ShenpiServer
import ShenpiStore
import XCTest

/// A delivery's JSON written directly is byte for byte `JSONEncoder`'s.
final class DeliveryPayloadTests: XCTestCase {
    func testDirectJSONMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let texts = ["您的老年人免费乘车卡已办结，请到市民中心 A 区 12 号窗口领取。", "a/b \\ \"quoted\" \u{0001}\n\t", "", "🚌 emoji"]
        for (i, text) in texts.enumerated() {
            let message = OutboxMessage(id: Int64(i + 1), caseID: "BC-\(i)/x", recipient: i % 2 == 0 ? "applicant" : "role:window", text: text,
                                        createdAt: Instant(secondsSinceEpoch: 1_764_000_000 + i), attempts: 0, deliveredAt: nil, failedAt: nil, lastError: nil)
            for contacts in [[:], ["phone": "13812345678", "agent-phone": "0571-85100001"], ["电话": "x\"y"]] {
                let payload = DeliveryPayload(message, contacts: contacts)
                XCTAssertEqual(String(decoding: payload.json, as: UTF8.self), String(decoding: try encoder.encode(payload), as: UTF8.self))
            }
        }
    }
}
