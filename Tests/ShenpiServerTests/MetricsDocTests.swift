import Foundation
import ShenpiTestSupport
import XCTest

/// Every metric the daemon exports is in both metric tables an operator reads.
final class MetricsDocTests: XCTestCase {
    func testEveryExportedMetricIsDocumented() throws {
        let names = try exportedMetricNames()
        XCTAssertGreaterThan(names.count, 10, "the scan of Sources/ found too few metric names")
        for doc in ["docs/api.md", "docs/operations.md"] {
            let text = try XCTUnwrap(TestSupport.read(doc))
            for name in names {
                XCTAssertTrue(text.contains("| `\(name)` |"), "\(doc) has no table row for \(name)")
            }
        }
    }

    /// Names are string literals `"shenpi_…"` in the daemon's sources.
    private func exportedMetricNames() throws -> Set<String> {
        let root = URL(fileURLWithPath: TestSupport.repositoryRoot).appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: "\"(shenpi_[a-z_]+)\"")
        var names = Set<String>()
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                if let name = Range(match.range(at: 1), in: text) { names.insert(String(text[name])) }
            }
        }
        return names
    }
}
