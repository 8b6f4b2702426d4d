import Foundation
@testable import ShenpiAPI
import XCTest

final class EncodingTests: XCTestCase {
    func testAnAnswerThatCannotBeEncodedIsA500NotAnEmptySuccess() throws {
        let bad = APIResponse.json(200, ["x": Double.nan])
        XCTAssertEqual(bad.status, 500)
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: bad.body) as? [String: Any])
        XCTAssertEqual((body["error"] as? [String: Any])?["code"] as? String, "internal")
        XCTAssertEqual(APIResponse.json(201, ["x": 1.5]).status, 201)
    }
}
