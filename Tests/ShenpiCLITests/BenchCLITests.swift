import Foundation
import XCTest

/// `shenpi bench engine` at a tiny size: its report keeps every figure
/// docs/performance.md reads, and each run really did the commands. The
/// speeds themselves are never asserted (tests do not time anything).
final class BenchCLITests: XCTestCase {
    func testEngineBenchReportsEveryPart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["bench", "engine", "--memory-cases", "20", "--durable-cases", "3", "--batch", "2",
                             "--durability", "normal", "--dir", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let pure = try XCTUnwrap(report["pure"] as? [String: Any])
        let withEvents = try XCTUnwrap(report["pure_with_events"] as? [String: Any])
        XCTAssertEqual(pure["commands"] as? Int, 160)
        XCTAssertEqual(withEvents["commands"] as? Int, 160)
        XCTAssertGreaterThan(try XCTUnwrap(withEvents["commands_per_second"] as? Double), 0)
        let durable = try XCTUnwrap(report["durable"] as? [String: Any])
        XCTAssertEqual(durable["transactions"] as? Int, 24)
        let grouped = try XCTUnwrap(report["group_commit"] as? [String: Any])
        XCTAssertEqual(grouped["commands"] as? Int, 24)
        XCTAssertEqual(grouped["transactions"] as? Int, 2)
        XCTAssertNotNil(report["durable_vs_raw"] as? Double)
    }

    /// Sizes past any center's are refused before anything is written.
    func testSizesAreBounded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-bench-bound-\(UUID().uuidString)").path
        let cases: [([String], String)] = [
            (["generate", dir, "--flows", "99999999999"], "--flows must be 1–100000"),
            (["lint", "--departments", "99999999999"], "--flows must be 1–100000 and --departments 1–10000"),
            (["compile", "--branches", "100000"], "--iterations, --branches and --steps must be 1–10000"),
        ]
        for (arguments, message) in cases {
            let r = try CLI.run(["bench"] + arguments)
            XCTAssertNotEqual(r.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
    }
}
