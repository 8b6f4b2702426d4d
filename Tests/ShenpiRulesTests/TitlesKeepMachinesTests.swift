import Foundation
import ShenpiLanguage
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// The public's words — `value-titles`, `decision-titles`, a decision's
/// `title` — change nothing a case does: a flow compiles to the same machine
/// (the same fingerprint) with them as without, so adding them needs no new
/// version and leaves running cases alone.
final class TitlesKeepMachinesTests: XCTestCase {
    func testTheFlowsCompileToTheSameMachinesWithoutTheirTitles() throws {
        let dir = NSTemporaryDirectory() + "shenpi-titles-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        var stripped = 0
        let files = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }
        for file in files.map({ dir + "/" + $0 }) where !file.hasSuffix("registry.yaml") {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeAll { $0.hasPrefix("decision-titles:") || $0.trimmingCharacters(in: .whitespaces).hasPrefix("value-titles:") }
            // `refuse: { next: refused, title: 不予许可 }` → `refuse: refused`
            let titled = try NSRegularExpression(pattern: #"\{ next: ([a-z-]+), title: [^}]+ \}"#)
            let plain = lines.map { line in
                titled.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line), withTemplate: "$1")
            }.joined(separator: "\n")
            if plain != text { stripped += 1 }
            try plain.write(toFile: file, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(stripped, 8, "every flow has titles to strip")
        func fingerprints(_ root: String) throws -> [String: String] {
            let flows = try TestSupport.lint([root]).flows
            return Dictionary(uniqueKeysWithValues: try flows.map { checked in
                let machine = try XCTUnwrap(MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine, checked.flow.file)
                return (machine.workflow, machine.fingerprint)
            })
        }
        let with = try fingerprints(TestSupport.path("workflows"))
        XCTAssertEqual(with.count, 8)
        XCTAssertEqual(try fingerprints(dir), with)
    }
}
