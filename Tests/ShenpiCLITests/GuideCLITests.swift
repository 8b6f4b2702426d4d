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

    /// All or nothing: a flow with errors keeps the folder as the last good
    /// run left it, so a synced website never lists less than it shows.
    func testAFlowWithErrorsWritesNothing() throws {
        let good = try CLI.run(["guide", "workflows/meteorology/lightning-design.yaml", "--format", "md", "--out", out])
        XCTAssertEqual(good.status, 0, good.stderr)
        let before = try String(contentsOfFile: out + "/index.md", encoding: .utf8)
        let r = try CLI.run(["guide", "fixtures/lint/err/unknown-key.yaml", "workflows/meteorology/lightning-design.yaml", "--format", "md", "--out", out])
        XCTAssertEqual(r.status, 1)
        let lint = try CLI.run(["lint", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertEqual(r.stdout, lint.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(": warning: ") }.joined(separator: "\n"))
        XCTAssertTrue(r.stderr.contains("nothing written to"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out + "/index.md", encoding: .utf8), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), ["index.md", "lightning-design.md"])
    }

    /// A page an earlier run wrote for an item gone from the catalog is
    /// removed; pages of items still in it (a run over one file), the
    /// center's own files and a file quoting the marker are left alone.
    func testPagesOfItemsNoLongerInTheCatalogAreRemoved() throws {
        let catalog = out + "-catalog"
        defer { try? FileManager.default.removeItem(atPath: catalog) }
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: catalog)
        let all = ["guide", catalog, "--format", "html", "--diagram", "html", "--out", out]
        XCTAssertEqual(try CLI.run(all).status, 0)
        let pages = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertTrue(pages.contains("lightning-acceptance.html"))
        try Data("<p>the center's own page</p>".utf8).write(to: URL(fileURLWithPath: out + "/about.html"))
        try Data("<p>each page ends with a line like <!-- shenpi guide: x.yaml (notes) --></p>\n".utf8).write(to: URL(fileURLWithPath: out + "/notes.html"))
        let one = try CLI.run(["guide", catalog + "/meteorology/lightning-design.yaml", "--format", "html", "--diagram", "html", "--out", out])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertFalse(one.stderr.contains("removed"), one.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), (pages + ["about.html", "notes.html"]).sorted())
        try FileManager.default.removeItem(atPath: catalog + "/meteorology/lightning-acceptance.yaml")
        // With --registry the catalog is the named files alone: nothing is known gone.
        let named = try CLI.run(all + ["--registry", catalog + "/registry.yaml"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertFalse(named.stderr.contains("removed"), named.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/lightning-acceptance.html"))
        let r = try CLI.run(all)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("; removed 1 page of items no longer there (lightning-acceptance.html)\n"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(),
                       (pages.filter { $0 != "lightning-acceptance.html" } + ["about.html", "notes.html"]).sorted())
    }

    func testBadUsageExitsTwo() throws {
        XCTAssertEqual(try CLI.run(["guide", "--format", "pdf", "--out", out]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "--format", "md"]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "no/such/dir", "--out", out]).status, 2)
        XCTAssertEqual(try CLI.run(["guide", "--diagram", "png", "--out", out]).status, 2)
        let mdDiagram = try CLI.run(["guide", "--format", "md", "--diagram", "svg", "--out", out])
        XCTAssertEqual(mdDiagram.status, 2)
        XCTAssertTrue(mdDiagram.stderr.contains("--diagram applies to --format html"), mdDiagram.stderr)
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
