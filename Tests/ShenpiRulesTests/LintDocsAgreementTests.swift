import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// docs/rules.md and docs/cli.md both describe `shenpi lint`; where they say
/// the same thing they must say it alike, and as the code does it.
final class LintDocsAgreementTests: XCTestCase {
    func doc(_ name: String) throws -> String {
        try XCTUnwrap(TestSupport.read("docs/" + name), name)
    }

    /// The first Markdown table after `heading`.
    func table(after heading: String, in text: String) throws -> String {
        let start = try XCTUnwrap(text.range(of: heading), heading).upperBound
        let lines = text[start...].split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        XCTAssertFalse(rows.isEmpty, "no table after \(heading)")
        return rows.joined(separator: "\n")
    }

    /// rules.md left out exit 2 for a folder with no YAML or one that cannot
    /// be read, and exit 3 for a report that cannot be written.
    func testTheExitStatusTablesAreTheSame() throws {
        let cli = try doc("cli.md")
        let lintSection = String(cli[try XCTUnwrap(cli.range(of: "## `shenpi lint`")).lowerBound...])
        let rules = try table(after: "### Exit status", in: doc("rules.md"))
        XCTAssertEqual(rules, try table(after: "**Exit status**", in: lintSection))
        for words in ["holds no YAML or cannot be read", "cannot be written to standard output"] {
            XCTAssertTrue(rules.contains(words), words)
        }
    }

    /// The example of `--format github` is the output, `endColumn` inclusive.
    func testTheGitHubExampleIsTheOutput() throws {
        let output = OutputFormat.github.render(try TestSupport.lint(["fixtures/lint/err/unknown-key.yaml"]))
        let rules = try doc("rules.md")
        let after = String(rules[try XCTUnwrap(rules.range(of: "`--format github` prints")).upperBound...])
        let block = try XCTUnwrap(after.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```").first)
        XCTAssertEqual(block, output)
    }

    /// An absolute path under the working folder is shown relative to it
    /// (rules.md said "absolute when named so").
    func testAnAbsolutePathUnderTheWorkingFolderIsShownRelative() throws {
        let result = try TestSupport.lint([TestSupport.path("fixtures/lint/err/unknown-key.yaml")])
        XCTAssertEqual(Set(result.diagnostics.map(\.file)), ["fixtures/lint/err/unknown-key.yaml"])
        let rules = try doc("rules.md")
        XCTAssertFalse(rules.contains("absolute when named so"))
        XCTAssertTrue(rules.contains("relative to the current folder when the file lies under it (even when named by an absolute path)"))
    }

    /// Without snippets there is no summary line either; cli.md says so.
    func testSnippetsNeverDropsTheSummaryAsDocumented() throws {
        let result = try TestSupport.lint(["fixtures/lint/err/unknown-key.yaml"])
        XCTAssertEqual(OutputFormat.text.render(result, snippets: false), result.diagnostics.map { $0.canonicalLine + "\n" }.joined())
        XCTAssertTrue(OutputFormat.text.render(result, snippets: true).hasSuffix("\n1 error, 0 warnings in 1 file\n"))
        let cli = try doc("cli.md").replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(cli.contains("`--snippets always` forces the source lines and the summary line"))
        XCTAssertTrue(cli.contains("`never` turns both off on a terminal"))
    }
}
