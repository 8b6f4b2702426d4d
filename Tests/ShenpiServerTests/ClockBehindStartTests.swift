import Foundation
import ShenpiTestSupport
import XCTest

/// A daemon started with a clock behind the store (an earlier
/// `--clock-start`, a system clock set back) refuses every command on the
/// cases changed since with 409 clock-behind: it says so when it starts,
/// not only case by case.
final class ClockBehindStartTests: XCTestCase {
    func testAStartBehindTheStoresLatestChangeIsWarnedAbout() async throws {
        let dir = try temporaryDirectory()
        let first = try await storeWithOneCase(dir)
        XCTAssertFalse(first.log.contains("clock is behind"), first.log)

        let later = try DaemonProcess(directory: dir, extra: ["--clock-start", "2025-10-20T10:00"])
        later.kill(SIGTERM)
        XCTAssertEqual(later.wait(), 0)
        XCTAssertFalse(later.log.contains("clock is behind"), "a later start is fine: \(later.log)")

        let earlier = try DaemonProcess(directory: dir, extra: ["--clock-start", "2025-10-08T10:00"])
        earlier.kill(SIGTERM)
        XCTAssertEqual(earlier.wait(), 0)
        XCTAssertTrue(earlier.log.contains("the daemon's clock is behind the store"), earlier.log)
    }
}
