import ShenpiAPI
import XCTest

final class MaskingTests: XCTestCase {
    func testIdentityNumbersAreMaskedInLogText() {
        XCTAssertEqual(Masking.mask("field \"id-number\": '11010519491231002X' is not valid"), "field \"id-number\": '1101************2X' is not valid")
        XCTAssertEqual(Masking.mask("phone 13812345678, case 20250926-1"), "phone 138****5678, case 20250926-1")
        XCTAssertEqual(Masking.mask("/v1/cases/110105194912310021"), "/v1/cases/1101************21")
        XCTAssertEqual(Masking.mask("version 12 at 2025-09-26"), "version 12 at 2025-09-26")
        XCTAssertEqual(Masking.mask("23812345678"), "23812345678", "not a mobile number")
        XCTAssertEqual(Masking.mask("tel +8613812345678"), "tel +86138****5678")
    }
}
