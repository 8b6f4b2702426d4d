import Foundation
import XCTest

@testable import ShenpiSyntax

/// `load(path:)` and `load(text:file:)`.
final class LoaderFileTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func testReadsAFileFromDisk() throws {
        let path = directory.appendingPathComponent("flow.yaml").path
        try Data([0xEF, 0xBB, 0xBF] + Array("title: 防雷\n".utf8)).write(to: URL(fileURLWithPath: path))
        let doc = Loader().load(path: path)
        XCTAssertEqual(doc.file, path)
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.lines, ["title: 防雷", ""])
        XCTAssertEqual(doc.root?[testKey: "title"]?.range, span(1, 8, 1, 10))
    }

    func testMissingFile() {
        let path = directory.appendingPathComponent("missing.yaml").path
        let doc = Loader().load(path: path)
        XCTAssertNil(doc.root)
        XCTAssertEqual(doc.diagnostics.count, 1)
        XCTAssertEqual(doc.diagnostics.first?.rule, "io")
        XCTAssertEqual(doc.diagnostics.first?.file, path)
        XCTAssertEqual(doc.diagnostics.first?.message, "cannot read file: no such file or directory")
        XCTAssertEqual(doc.diagnostics.first?.range, span(1, 1, 1, 1))
    }

    func testDirectoryIsUnreadable() {
        let doc = Loader().load(path: directory.path)
        XCTAssertEqual(doc.diagnostics.map(\.message), ["cannot read file: is a directory"])
    }

    func testLargeFileIsRefusedFromItsSize() throws {
        let path = directory.appendingPathComponent("big.yaml").path
        try Data(repeating: 0x61, count: 2_000).write(to: URL(fileURLWithPath: path))
        let doc = Loader(limits: LoaderLimits(maxFileBytes: 1_000)).load(path: path)
        XCTAssertEqual(doc.diagnostics.map(\.rule), ["file-too-large"])
        XCTAssertEqual(doc.diagnostics.map(\.message), ["file is 2000 bytes; the limit is 1000"])
    }

    func testLoadTextUsesTheGivenFileName() {
        let doc = Loader().load(text: "a: 1", file: "flows/x.yaml")
        XCTAssertEqual(doc.file, "flows/x.yaml")
        XCTAssertEqual(doc.root?[testKey: "a"]?.scalar?.value, "1")
    }

    func testRuleIdsAreTheContract() {
        XCTAssertEqual(
            LoaderRule.all,
            [
                "syntax", "duplicate-key", "tab-indentation", "invalid-utf8", "file-too-large", "nesting-depth",
                "alias-expansion", "complex-key", "multiple-documents", "io",
            ])
    }
}
