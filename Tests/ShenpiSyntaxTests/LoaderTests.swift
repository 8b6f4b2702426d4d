import XCTest
@testable import ShenpiSyntax

final class LoaderSmokeTests: XCTestCase {
    func testPlaceholder() {}
}
