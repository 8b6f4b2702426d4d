import ShenpiLanguage
import XCTest

final class ExpressionSuggestionTests: XCTestCase {
    func testLevenshteinDistance() {
        XCTAssertEqual(levenshteinDistance("kitten", "sitting"), 3)
        XCTAssertEqual(levenshteinDistance("", "abc"), 3)
        XCTAssertEqual(levenshteinDistance("abc", ""), 3)
        XCTAssertEqual(levenshteinDistance("same", "same"), 0)
        XCTAssertEqual(levenshteinDistance("住宅", "住房"), 1)
    }

    func testSuggestion() {
        XCTAssertEqual(suggestion(for: "id-numbr", among: ["id-number", "name"]), "did you mean \"id-number\"?")
        XCTAssertEqual(suggestion(for: "nmae", among: ["id-number", "name"]), "did you mean \"name\"?")
        XCTAssertNil(suggestion(for: "address", among: ["id-number", "name"]))
        XCTAssertNil(suggestion(for: "name", among: ["name"]))
        XCTAssertNil(suggestion(for: "x", among: [String]()))
        // Long names allow a quarter of their length: 4 edits for 18 characters, not 5.
        XCTAssertEqual(suggestion(for: "foreign-investment", among: ["foreign-invested", "company-name"]), "did you mean \"foreign-invested\"?")
        XCTAssertNil(suggestion(for: "foreign-investment", among: ["foreign-inv"]))
    }

    func testClosestMatchIsDeterministic() {
        // "cat" is one edit from both; the alphabetically first wins.
        XCTAssertEqual(closestMatch(for: "cat", among: ["cot", "bat"]), "bat")
        XCTAssertEqual(closestMatch(for: "cat", among: ["cats", "ca"]), "ca")
        // A closer candidate beats an alphabetically earlier one.
        XCTAssertEqual(closestMatch(for: "stepp", among: ["stop", "step"]), "step")
        XCTAssertEqual(closestMatch(for: "abcdef", among: ["abcxyz"], maxDistance: 3), "abcxyz")
        XCTAssertNil(closestMatch(for: "abcdef", among: ["abcxyz"]))
    }
}
