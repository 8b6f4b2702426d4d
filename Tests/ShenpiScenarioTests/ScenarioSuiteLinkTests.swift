import Foundation
import ShenpiScenario
import XCTest

/// `shenpi test` finds scenario files as lint finds flows: a linked file is
/// followed from the link's own folder.
final class ScenarioSuiteLinkTests: XCTestCase {
    /// A link whose relative target climbs was "not a regular file" (its
    /// target was resolved from the wrong folder).
    func testANamedLinkWithARelativeTargetIsAScenarioFile() throws {
        let dir = NSTemporaryDirectory() + "shenpi-suite-links-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/suite/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/shared", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "scenario: s\n".write(toFile: dir + "/shared/s.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink("../../shared/s.yaml", dir + "/suite/sub/s.yaml"), 0)
        XCTAssertEqual(try ScenarioSuite.files(at: ["sub/s.yaml"], workingDirectory: dir + "/suite"), ["sub/s.yaml"])
        XCTAssertEqual(try ScenarioSuite.files(at: ["suite"], workingDirectory: dir), ["suite/sub/s.yaml"])
    }
}
