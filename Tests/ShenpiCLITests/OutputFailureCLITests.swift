import ShenpiTestSupport
import XCTest

/// A report that cannot be written (a full disk behind `>`) is one line on
/// standard error and exit 3: never a crash (`FileHandle.write` trapped,
/// exit 132) and never a success with the report lost.
final class OutputFailureCLITests: XCTestCase {
    func testAFullDiskIsExit3WithOneLine() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        for (arguments, reason) in [
            (["lint", "fixtures/lint/err/unknown-key.yaml"], "No space left on device"),  // small: found at the flush
            (["lint", "--format", "json", "workflows"], "No space left on device"),
            (["schema"], "a write failed"),  // large: fails at once, the stream's error flag remembers it
            (["--version"], "No space left on device"),
        ] {
            guard let r = try BuiltShenpi.run(arguments, stdoutPath: "/dev/full") else { throw XCTSkip("shenpi not built") }
            XCTAssertEqual(r.status, 3, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr, "shenpi: error: cannot write the output: \(reason)\n", "\(arguments)")
        }
    }

    func testAWritableOutputIsUntouched() throws {
        guard let r = try BuiltShenpi.run(["lint", "fixtures/lint/err/unknown-key.yaml"]) else { throw XCTSkip("shenpi not built") }
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout.hasPrefix("fixtures/lint/err/unknown-key.yaml:13:5: error: unknown key"), r.stdout)
    }
}
