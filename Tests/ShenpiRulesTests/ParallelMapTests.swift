@testable import ShenpiRules
import XCTest

/// The results ParallelMap hands back must be the only references left: its
/// scratch buffer once kept a copy of each, so every lint leaked its files.
final class ParallelMapTests: XCTestCase {
    final class Token: Sendable {}

    func testResultsAreReleasedWithTheReturnedArray() {
        weak var first: Token?
        weak var last: Token?
        do {
            let tokens = ParallelMap.map(Array(0..<8)) { _ in Token() }
            XCTAssertEqual(tokens.count, 8)
            first = tokens.first
            last = tokens.last
            XCTAssertNotNil(first)
        }
        XCTAssertNil(first)
        XCTAssertNil(last)
    }
}
