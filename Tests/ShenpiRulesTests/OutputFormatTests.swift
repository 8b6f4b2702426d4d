import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Details of the output formats that tools downstream read: SARIF URIs,
/// GitHub's end column, and where a snippet's caret lands.
final class OutputFormatTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "shenpi-formats-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try LinterTests.registry.write(toFile: dir + "/registry.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// A flow whose material has the title `title` and a misspelt key after it.
    func lint(title: String, as name: String = "t.yaml") throws -> LintResult {
        let text = LintLinkTests.flow("t").replacingOccurrences(of: "steps:", with: "materials:\n  - { id: application, title: \(title), from: original }\nsteps:")
            .replacingOccurrences(of: "decisions:", with: "checks: [application], decisions:")
        try TestSupport.write(text, to: dir + "/" + name)
        return try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: [name])
    }

    func sarifURIs(_ result: LintResult) throws -> [String] {
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(OutputFormat.sarif.render(result).utf8)) as? [String: Any])
        let results = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        return results.compactMap {
            ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
    }

    /// `c:drive.yaml` as a URI reference is the scheme `c:`; `%3A` keeps it a path.
    func testSARIFEncodesAColonInARelativeURI() throws {
        XCTAssertEqual(Set(try sarifURIs(lint(title: "表", as: "c:drive.yaml"))), ["c%3Adrive.yaml"])
        XCTAssertEqual(Set(try sarifURIs(lint(title: "表", as: "a:b/c d.yaml"))), ["a%3Ab/c%20d.yaml"])
        // Outside the working folder: an absolute `file://` URI, where a colon reads as no scheme.
        try FileManager.default.createDirectory(atPath: dir + "/elsewhere", withIntermediateDirectories: true)
        let outside = try Linter(calendars: TestSupport.calendars, workingDirectory: dir + "/elsewhere").lint(paths: [dir + "/c:drive.yaml"])
        XCTAssertEqual(Set(try sarifURIs(outside)), ["file://" + FileWalker.normalize(dir) + "/c:drive.yaml"])
    }

    /// GitHub's `endColumn` is the last character's column: `limt` at 13:5
    /// (exclusive end 9 in JSON and SARIF) ends at 8.
    func testGitHubEndColumnIsInclusive() throws {
        let result = try TestSupport.lint(["fixtures/lint/err/unknown-key.yaml"])
        let diagnostic = try XCTUnwrap(result.diagnostics.first)
        XCTAssertEqual(diagnostic.range.end.column, 9)
        XCTAssertTrue(OutputFormat.github.render(result).hasPrefix(
            "::error file=fixtures/lint/err/unknown-key.yaml,line=13,col=5,endColumn=8,title=shenpi unknown-key::"), OutputFormat.github.render(result))
    }

    /// The caret of `from` after each title, in terminal columns: combining
    /// marks and ZWJ take none, emoji two, CJK two.
    func testTheCaretLinesUpAfterWideAndZeroWidthCharacters() throws {
        let prefix = "  - { id: application, title: "
        let cases: [(String, Int)] = [
            ("abc", 3), ("cafe\u{301}", 4), ("👨\u{200D}👩\u{200D}👧", 2), ("🇨🇳", 2), ("申请😀表", 8), ("申请表", 6),
            ("❤\u{FE0F}", 2), ("👍🏽", 2),
        ]
        for (title, width) in cases {
            let result = try lint(title: title)
            let diagnostic = try XCTUnwrap(result.diagnostics.first { $0.rule == "unknown-key" }, title)
            var only = result
            only.diagnostics = [diagnostic]
            let underline = try XCTUnwrap(OutputFormat.text.render(only, snippets: true).split(separator: "\n").first { $0.contains("^") }, title)
            let caret = String(underline).components(separatedBy: " | ").last ?? ""
            XCTAssertEqual(caret, String(repeating: " ", count: prefix.count + width + 2) + "^~~~", "\(title): \(underline)")
            // The column itself counts Unicode scalars.
            XCTAssertEqual(diagnostic.column, prefix.unicodeScalars.count + title.unicodeScalars.count + 3, title)
        }
    }
}
