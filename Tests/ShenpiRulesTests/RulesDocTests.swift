import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// docs/rules.md has one `## <id>` section per rule of `RuleCatalog`, showing
/// `fixtures/lint/err/<id>.yaml` and its exact output, then the other fixtures
/// of that rule under `#### <case>` with their output. These tests keep the page,
/// the fixtures and the catalog in step. With `SHENPI_RECORD=1` the example
/// blocks and the rule table are rewritten from the fixtures and the catalog
/// instead (record the `.out` files first, with GoldenLintTests).
final class RulesDocTests: XCTestCase {
    static let docPath = "docs/rules.md"
    static let fixtures = "fixtures/lint/err"
    /// Its fixture is not UTF-8, so its section describes the bytes in a
    /// `text` block; the output is the second `text` block.
    static let bytesCase = "invalid-utf8"
    static let rerecord = "re-record with SHENPI_RECORD=1 swift test --filter RulesDocTests"

    var ruleIDs: [String] { RuleCatalog.descriptions.map(\.id) }

    func testEveryRuleHasASection() throws {
        let doc = try RulesDoc.load()
        let titles = doc.sections.map(\.title)
        for id in ruleIDs {
            XCTAssertEqual(titles.filter { $0 == id }.count, 1, "\(Self.docPath) needs exactly one section \"## \(id)\"")
        }
        XCTAssertEqual(titles.filter(ruleIDs.contains), ruleIDs, "sections must follow the order of RuleCatalog.descriptions")
    }

    func testEverySectionNamesARule() throws {
        for section in try RulesDoc.load().sections {
            XCTAssertTrue(ruleIDs.contains(section.title), "\"## \(section.title)\" in \(Self.docPath) is not a rule id of RuleCatalog")
        }
    }

    func testExamplesMatchFixtures() throws {
        var doc = try RulesDoc.load()
        var replacements: [(Range<Int>, String)] = []
        func expect(_ block: RulesDoc.Block?, equals file: String, _ what: String, in section: RulesDoc.Section) {
            guard let block else {
                XCTFail("section \"## \(section.title)\" of \(Self.docPath) has no \(what) block for \(file)")
                return
            }
            guard let expected = TestSupport.read(file) else {
                XCTFail("\(file) is missing (shown in section \"## \(section.title)\" of \(Self.docPath))")
                return
            }
            if TestSupport.recording {
                if doc.content(of: block) != expected { replacements.append((block.content, expected)) }
            } else {
                XCTAssertEqual(doc.content(of: block), expected, "the \(what) block of \"## \(section.title)\" in \(Self.docPath) differs from \(file); \(Self.rerecord)")
            }
        }
        for section in doc.sections {
            let id = section.title
            let base = "\(Self.fixtures)/\(id)"
            if FileManager.default.fileExists(atPath: TestSupport.path(base + ".yaml")) {
                let texts = section.blocks.filter { $0.language == "text" }
                if id == Self.bytesCase {
                    expect(texts.dropFirst().first, equals: base + ".out", "second ```text (output)", in: section)
                } else {
                    expect(section.blocks.first { $0.language == "yaml" }, equals: base + ".yaml", "first ```yaml", in: section)
                    expect(texts.first, equals: base + ".out", "first ```text", in: section)
                }
            } else if ruleIDs.contains(id) {
                // No fixture (io, file-too-large): the block still shows the canonical line of this rule.
                let block = section.blocks.first { $0.language == "text" }
                let lines = block.map { doc.content(of: $0).split(separator: "\n").map(String.init) } ?? []
                XCTAssertFalse(lines.isEmpty, "section \"## \(id)\" needs a ```text block with its output line")
                for line in lines {
                    XCTAssertNotNil(line.range(of: #"^\S+:\d+:\d+: (error|warning): .+ \[\#(id)\]$"#, options: .regularExpression),
                        "\"\(line)\" in \"## \(id)\" is not a diagnostic line of this rule")
                }
            }
            for sub in section.subsections {
                expect(sub.blocks.first { $0.language == "text" }, equals: "\(Self.fixtures)/\(sub.title).out", "```text after \"#### \(sub.title)\"", in: section)
            }
        }
        if TestSupport.recording, !replacements.isEmpty {
            for (range, text) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
                doc.replace(range, with: text)
            }
            try doc.write()
        }
    }

    /// Every error fixture is shown: as the example of its rule, or under
    /// `#### <case>` in the section of the rule its name starts with.
    func testEveryFixtureIsShown() throws {
        let doc = try RulesDoc.load()
        let ids = ruleIDs.sorted { $0.count > $1.count }  // longest prefix first
        for file in TestSupport.files(in: Self.fixtures) {
            let name = String(file.dropFirst(Self.fixtures.count + 1).dropLast(".yaml".count))
            if ruleIDs.contains(name) { continue }  // the section's own example, checked above
            guard let id = ids.first(where: { name.hasPrefix($0 + "-") }) else {
                XCTFail("\(file): name it <rule-id>-<case>.yaml after the rule it shows")
                continue
            }
            let section = doc.sections.first { $0.title == id }
            XCTAssertTrue(section?.subsections.contains { $0.title == name } ?? false,
                "\(file) is not shown in \(Self.docPath): add \"#### \(name)\" with its output to section \"## \(id)\"")
        }
    }

    func testRuleTableMatchesCatalog() throws {
        var doc = try RulesDoc.load()
        let expected = RuleCatalog.descriptions.map { d in
            let summary = d.summary.replacingOccurrences(of: "|", with: "\\|")
            return "| [`\(d.id)`](#\(d.id)) | \(d.severity.rawValue) | \(summary) | \(d.suppressible ? "yes" : "no") |"
        }
        let rows = doc.lines.indices.filter { doc.lines[$0].hasPrefix("| [`") }
        guard let first = rows.first, let last = rows.last else {
            XCTFail("\(Self.docPath) has no rule table (rows starting \"| [`\")")
            return
        }
        let actual = Array(doc.lines[first...last])
        if TestSupport.recording {
            if actual != expected {
                doc.replace(first..<(last + 1), with: expected.map { $0 + "\n" }.joined())
                try doc.write()
            }
        } else {
            XCTAssertEqual(actual, expected, "the rule table of \(Self.docPath) differs from RuleCatalog.descriptions; \(Self.rerecord)")
        }
    }
}

/// docs/rules.md split into `## ` sections, `#### ` subsections and fenced blocks.
struct RulesDoc {
    struct Block {
        var language: String
        /// Line indices of the block's content, fences excluded.
        var content: Range<Int>
    }

    struct Subsection {
        var title: String
        var blocks: [Block] = []
    }

    struct Section {
        var title: String
        var blocks: [Block] = []
        var subsections: [Subsection] = []
    }

    private(set) var lines: [String]
    private(set) var sections: [Section] = []

    static func load() throws -> RulesDoc {
        let text = try XCTUnwrap(TestSupport.read(RulesDocTests.docPath), "\(RulesDocTests.docPath) is missing")
        return RulesDoc(text: text)
    }

    init(text: String) {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        parse()
    }

    private mutating func parse() {
        sections = []
        var open: (language: String, start: Int)?
        for (i, line) in lines.enumerated() {
            if let fence = open {
                guard line == "```" else { continue }
                let block = Block(language: fence.language, content: (fence.start + 1)..<i)
                open = nil
                guard !sections.isEmpty else { continue }  // the introduction
                if sections[sections.count - 1].subsections.isEmpty {
                    sections[sections.count - 1].blocks.append(block)
                } else {
                    let s = sections.count - 1
                    sections[s].subsections[sections[s].subsections.count - 1].blocks.append(block)
                }
            } else if line.hasPrefix("```") {
                open = (String(line.dropFirst(3)), i)
            } else if line.hasPrefix("## ") {
                sections.append(Section(title: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)))
            } else if line.hasPrefix("#### "), !sections.isEmpty {
                sections[sections.count - 1].subsections.append(Subsection(title: String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)))
            }
        }
    }

    /// The block's text as a file would hold it: each line ending in a newline.
    func content(of block: Block) -> String {
        lines[block.content].map { $0 + "\n" }.joined()
    }

    /// Replaces whole lines with `text` (newline-terminated lines, or empty).
    mutating func replace(_ range: Range<Int>, with text: String) {
        var new = text.components(separatedBy: "\n")
        if new.last == "" { new.removeLast() }
        lines.replaceSubrange(range, with: new)
        parse()
    }

    func write() throws {
        try (lines.map { $0 + "\n" }.joined()).write(toFile: TestSupport.path(RulesDocTests.docPath), atomically: true, encoding: .utf8)
    }
}
