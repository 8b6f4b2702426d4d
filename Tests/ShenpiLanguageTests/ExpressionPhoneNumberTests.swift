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

    /// As people write them: spaces, hyphens, brackets, full-width digits and a country code.
    func testNormalizedFromHowPeopleWriteThem() {
        XCTAssertEqual(PhoneNumber.normalized("13800138000"), "13800138000")
        XCTAssertEqual(PhoneNumber.normalized("0571-87654321"), "0571-87654321", "a valid form is kept as written")
        XCTAssertEqual(PhoneNumber.normalized("+86 138 0013 8000"), "13800138000")
        XCTAssertEqual(PhoneNumber.normalized("0086-13800138000"), "13800138000")
        XCTAssertEqual(PhoneNumber.normalized("8613800138000"), "13800138000")
        XCTAssertEqual(PhoneNumber.normalized("138 0013 8000"), "13800138000")
        XCTAssertEqual(PhoneNumber.normalized("（0571）87654321"), "057187654321")
        XCTAssertEqual(PhoneNumber.normalized("+86 (571) 8765 4321"), "057187654321")
        XCTAssertEqual(PhoneNumber.normalized("１３８００１３８０００"), "13800138000")
        XCTAssertEqual(PhoneNumber.normalized("+86 10 6552 9988"), "01065529988", "Beijing's area code starts with 1")
        XCTAssertEqual(PhoneNumber.normalized("0086-10-65529988"), "01065529988")
        XCTAssertNil(PhoneNumber.normalized("+1 415 555 0100"))
        XCTAssertNil(PhoneNumber.normalized("13800+138000"))
        XCTAssertNil(PhoneNumber.normalized("电话13800138000"))
        XCTAssertNil(PhoneNumber.normalized("0571-87654321-12-3"))
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

/// The one-pass check against the split-based definition it replaced.
final class PhoneNumberEquivalenceTests: XCTestCase {
    static func reference(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return false }
        let isArea = { (p: [UInt8]) in p.first == 0x30 && (3...4).contains(p.count) }
        let isLocal = { (p: [UInt8]) in (7...8).contains(p.count) }
        let isJoined = { (p: [UInt8]) in p.first == 0x30 && (10...12).contains(p.count) }
        switch parts.count {
        case 1:
            let p = parts[0]
            return (p.count == 11 && p[0] == 0x31 && p[1] >= 0x33) || isJoined(p)
        case 2: return (isArea(parts[0]) && isLocal(parts[1])) || isJoined(parts[0])
        case 3: return isArea(parts[0]) && isLocal(parts[1])
        default: return false
        }
    }

    func testSameAnswersAsSplitting() {
        var rng = SystemRandomNumberGenerator()
        let digits: [String] = ["0", "0", "1", "1", "3", "5", "9"]
        let junk: [String] = ["x", " ", "０", "-\u{301}", "1\u{301}", "-", ""]
        var valid = 0
        for _ in 0..<100_000 {
            // Runs of digits of plausible lengths, sometimes with junk spliced in.
            let parts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                (0..<Int.random(in: 0...13, using: &rng)).map { _ in digits.randomElement(using: &rng)! }.joined()
            }
            var text = parts.joined(separator: "-")
            if Int.random(in: 0..<4, using: &rng) == 0 {
                let at = text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &rng))
                text.insert(contentsOf: junk.randomElement(using: &rng)!, at: at)
            }
            let expected = Self.reference(text)
            if expected { valid += 1 }
            XCTAssertEqual(PhoneNumber.isValid(text), expected, text)
        }
        for text in ["13800138000", "010-12345678", "021-12345678-123", "02112345678-1", "0755-1234567", "-", "--", "1-2-3-4", ""] {
            XCTAssertEqual(PhoneNumber.isValid(text), Self.reference(text), text)
        }
        XCTAssertGreaterThan(valid, 100)
    }
}
