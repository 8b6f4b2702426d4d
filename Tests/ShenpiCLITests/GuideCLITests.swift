import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi guide`: files written, exit codes, lint errors printed as lint prints them.
final class GuideCLITests: XCTestCase {
    var out = ""

    override func setUpWithError() throws {
        out = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-guide-cli-\(UUID().uuidString)/nested").path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: (out as NSString).deletingLastPathComponent)
    }

    func testWritesOnePagePerItemAndTheIndex() throws {
        let r = try CLI.run(["guide", "--format", "md", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertTrue(names.contains("index.md"))
        XCTAssertTrue(names.contains("lightning-design.md"))
        XCTAssertEqual(names.count, try flowCount() + 1)
    }

    func testHTMLWithThePlainDiagram() throws {
        let r = try CLI.run(["guide", "workflows/meteorology/lightning-design.yaml", "--format", "html", "--diagram", "html", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: out + "/lightning-design.html", encoding: .utf8)
        XCTAssertTrue(page.contains("<html lang=\"zh-CN\">"))
        XCTAssertTrue(page.contains("class=\"diagram chart\""))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    func testFlowsWithErrorsAreReportedAndSkipped() throws {
        let r = try CLI.run(["guide", "fixtures/lint/err/unknown-key.yaml", "workflows/meteorology/lightning-design.yaml", "--format", "md", "--out", out])
        XCTAssertEqual(r.status, 1)
        let lint = try CLI.run(["lint", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertEqual(r.stdout, lint.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(": warning: ") }.joined(separator: "\n"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/lightning-design.md"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/unknown-key.md"))
    }

    func testBadUsageExitsTwo() throws {
        XCTAssertEqual(try CLI.run(["guide", "--format", "pdf", "--out", out]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "--format", "md"]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "no/such/dir", "--out", out]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "--diagram", "png", "--out", out]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "", "--out", out]).status, 2)
        // No flow among the paths: refused before the folder or an index is written.
        let none = try CLI.run(["guide", TestSupport.path("workflows/registry.yaml"), "--out", out])
        XCTAssertEqual(none.status, 2, none.stderr)
        XCTAssertTrue(none.stderr.contains("no flow files in"), none.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// Flow files in workflows/ (every YAML file but the registry).
    func flowCount() throws -> Int {
        let root = TestSupport.path("workflows")
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".yaml") && $0 != "registry.yaml" }.count
    }
}
