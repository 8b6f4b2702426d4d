import ShenpiLanguage
import XCTest

final class ExpressionPhoneNumberTests: XCTestCase {
    func testMobile() {
        XCTAssertTrue(PhoneNumber.isValid("13800138000"))
        XCTAssertTrue(PhoneNumber.isValid("19912345678"))
        XCTAssertFalse(PhoneNumber.isValid("12800138000"))
        XCTAssertFalse(PhoneNumber.isValid("1380013800"))
        XCTAssertFalse(PhoneNumber.isValid("138001380001"))
        XCTAssertFalse(PhoneNumber.isValid("+8613800138000"))
        XCTAssertFalse(PhoneNumber.isValid("138 0013 8000"))
    }

    func testLandline() {
        XCTAssertTrue(PhoneNumber.isValid("010-12345678"))
        XCTAssertTrue(PhoneNumber.isValid("01012345678"))
        XCTAssertTrue(PhoneNumber.isValid("0101234567"))
        XCTAssertTrue(PhoneNumber.isValid("0755-1234567"))
        XCTAssertTrue(PhoneNumber.isValid("075512345678"))
        XCTAssertTrue(PhoneNumber.isValid("021-12345678-123"))
        XCTAssertTrue(PhoneNumber.isValid("02112345678-1"))
        XCTAssertFalse(PhoneNumber.isValid("10-12345678"))
        XCTAssertFalse(PhoneNumber.isValid("010-123456"))
        XCTAssertFalse(PhoneNumber.isValid("010-123456789"))
        XCTAssertFalse(PhoneNumber.isValid("01-12345678"))
        XCTAssertFalse(PhoneNumber.isValid("07555-1234567"))
        XCTAssertFalse(PhoneNumber.isValid("010--12345678"))
        XCTAssertFalse(PhoneNumber.isValid("010-12345678-"))
        XCTAssertFalse(PhoneNumber.isValid("010123456"))
        XCTAssertFalse(PhoneNumber.isValid("0101234567890"))
        XCTAssertFalse(PhoneNumber.isValid("０10-12345678"))
        XCTAssertFalse(PhoneNumber.isValid(""))
    }
}
