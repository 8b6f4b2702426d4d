import Foundation
@testable import ShenpiAPI
import XCTest

/// The Foundation-free trim agrees with `trimmingCharacters(in: .whitespaces)`.
final class BlanksTests: XCTestCase {
    func testTrimmingBlanksAgreesWithFoundation() {
        let alphabet: [Character] = [" ", "\t", "\n", "\u{3000}", "\u{00A0}", "\u{2009}", "a", "7", "办", "\"", "é", "\r\n"]
        var rng = SystemRandomNumberGenerator()
        var samples = ["", " ", "\t\t", "abc", " abc ", "\u{3000}受理\u{3000}", "\n x \n", " \"3\" "]
        for _ in 0..<2000 {
            samples.append(String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        for s in samples {
            XCTAssertEqual(String(s.trimmingBlanks()), s.trimmingCharacters(in: .whitespaces), "\(Array(s.unicodeScalars))")
        }
    }
}
