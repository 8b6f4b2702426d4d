import XCTest

final class LanguageSmokeTests: XCTestCase {
    func testPlaceholder() {}
}
