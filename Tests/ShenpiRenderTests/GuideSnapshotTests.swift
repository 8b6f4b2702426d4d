import Foundation
import ShenpiRender
import ShenpiTestSupport
import XCTest

/// The Markdown and HTML guides of two real flows must equal the files under
/// `fixtures/guide/` (re-record with `SHENPI_RECORD=1`). The HTML uses the
/// plain HTML diagram, so the snapshot does not depend on Graphviz.
final class GuideSnapshotTests: XCTestCase {
    static let flows = ["workflows/meteorology/lightning-design.yaml", "workflows/realestate/property-transfer.yaml"]

    func testPagesMatchTheirSnapshots() throws {
        let site = try GuideFixture.site(Self.flows)
        XCTAssertTrue(site.isClean, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        XCTAssertEqual(site.pages.map(\.id), ["lightning-design", "property-transfer"])
        for format in GuideFormat.allCases {
            for file in site.files(format: format, diagram: .list) where file.name != "index.\(format.rawValue)" {
                try check(file.content, against: "fixtures/guide/" + file.name)
            }
        }
    }

    func testOutputIsTheSameOnEveryRun() throws {
        let a = try GuideFixture.site(Self.flows).files(format: .html, diagram: .list)
        let b = try GuideFixture.site(Self.flows).files(format: .html, diagram: .list)
        XCTAssertEqual(a.map(\.content), b.map(\.content))
    }

    func check(_ actual: String, against fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        if TestSupport.recording {
            try FileManager.default.createDirectory(atPath: TestSupport.path("fixtures/guide"), withIntermediateDirectories: true)
            try actual.write(toFile: TestSupport.path(fixture), atomically: true, encoding: .utf8)
            return
        }
        guard let expected = TestSupport.read(fixture) else {
            XCTFail("\(fixture) is missing; record it with SHENPI_RECORD=1", file: file, line: line)
            return
        }
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            let got = first < a.count ? a[first] : "<end>"
            let want = first < e.count ? e[first] : "<end>"
            XCTFail("\(fixture) differs at line \(first + 1):\n  got:  \(got)\n  want: \(want)", file: file, line: line)
        }
    }
}
