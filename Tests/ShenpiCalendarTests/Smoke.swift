import XCTest

final class CalendarSmokeTests: XCTestCase {
    func testPlaceholder() {}
}
