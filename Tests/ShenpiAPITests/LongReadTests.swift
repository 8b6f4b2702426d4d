import Dispatch
import Foundation
@testable import ShenpiAPI
import XCTest

/// A long read (the supervision report, a listing of every case) runs on a
/// serial queue of its own, which Dispatch serves with its overcommitting
/// threads, not on the global queue Swift's tasks share: busy there, two
/// reports held a 2-core daemon's every request for seconds
/// (performance.md, "Nineteenth session").
final class LongReadTests: XCTestCase {
    /// The name Dispatch gave the current thread (`com.apple.root.default-qos.overcommit` …).
    static func threadName() -> String { Thread.current.name ?? "" }

    func testALongReadRunsOnAnOvercommittingThread() async throws {
        let long = try await longRead { Self.threadName() }
        XCTAssertTrue(long.hasSuffix(".overcommit"), long)
        let shared = try await blocking { Self.threadName() }
        XCTAssertFalse(shared.hasSuffix(".overcommit"), shared)
    }

    func testAFailureComesBack() async {
        struct Refused: Error {}
        do {
            _ = try await longRead { () throws -> Int in throw Refused() }
            XCTFail("no error")
        } catch {
            XCTAssertTrue(error is Refused)
        }
    }
}
