import XCTest

final class RulesSmokeTests: XCTestCase {
    func testPlaceholder() {}
}
