import Foundation
import ShenpiBench
import ShenpiCalendar
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// No input, however broken, may crash or hang the linter: mutate the real
/// flows byte- and line-wise (seeded, so a failure reproduces) and lint each.
final class RobustnessTests: XCTestCase {
    func testMutatedFlowsNeverCrash() throws {
        let empty = NSTemporaryDirectory() + "shenpi-robust-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let linter = Linter(calendars: TestSupport.calendars, workingDirectory: empty)
        let sources = try FileManager.default.subpathsOfDirectory(atPath: TestSupport.path("workflows"))
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .map { Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("workflows/" + $0)))) }
        XCTAssertFalse(sources.isEmpty)
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("{}[]:,-&*!|>'\"#%@`\t\n ?~0aé审\u{FF}".utf8)
        var checked = 0
        for source in sources {
            for _ in 0..<60 {
                var bytes = source
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    guard !bytes.isEmpty else { break }
                    let i = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 4 {
                    case 0: bytes.remove(at: i)
                    case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                    case 2: bytes[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    default:  // duplicate a run of bytes, e.g. a whole line or key
                        let end = min(bytes.count, i + Int(rng.next() % 80))
                        bytes.insert(contentsOf: bytes[i..<end], at: i)
                    }
                }
                let result = try linter.lint(paths: ["-"], stdin: bytes)
                for d in result.diagnostics {
                    XCTAssertGreaterThanOrEqual(d.line, 1)
                    XCTAssertGreaterThanOrEqual(d.column, 1)
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, sources.count * 60)
    }
}

/// The benchmark's synthetic catalog must itself be clean, or its figures
/// would measure error reporting rather than checking.
final class GeneratedCatalogTests: XCTestCase {
    func testGeneratedCatalogLintsClean() throws {
        let dir = NSTemporaryDirectory() + "shenpi-gen-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try CatalogGenerator(flows: 24, departments: 6, seed: 3).write(to: dir)
        XCTAssertEqual(files.count, 24)
        let result = try Linter(calendars: TestSupport.calendars, workingDirectory: dir).lint(paths: [dir])
        XCTAssertEqual(result.filesChecked, 25)
        XCTAssertEqual(result.diagnostics.map(\.canonicalLine), [])
    }
}
