import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi schema` prints the checked-in schema and writes it with `--out`.
final class SchemaCLITests: XCTestCase {
    func testPrintsTheCheckedInSchema() throws {
        let r = try CLI.run(["schema"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout == TestSupport.read("docs/shenpi.schema.json"), "shenpi schema differs from docs/shenpi.schema.json")
    }

    func testOutWritesTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("shenpi.schema.json").path
        let r = try CLI.run(["schema", "--out", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8) == TestSupport.read("docs/shenpi.schema.json"))
    }

    func testAnUnwritableOutIsAUsageError() throws {
        let r = try CLI.run(["schema", "--out", "/no/such/folder/shenpi.schema.json"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("shenpi: error: cannot write /no/such/folder/shenpi.schema.json"), r.stderr)
    }
}
