import XCTest

@testable import ShenpiSyntax

/// Loads text with the default limits (or the given ones) as file "t.yaml".
func load(_ text: String, limits: LoaderLimits = LoaderLimits()) -> LoadedDocument {
    Loader(limits: limits).load(text: text, file: "t.yaml")
}

func loadBytes(_ bytes: [UInt8], limits: LoaderLimits = LoaderLimits()) -> LoadedDocument {
    Loader(limits: limits).load(bytes: bytes, file: "t.yaml")
}

/// A range from 1-based line/column pairs: `span(1, 5, 1, 10)`.
func span(_ line: Int, _ column: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange {
    SourceRange(
        start: SourcePosition(line: line, column: column), end: SourcePosition(line: endLine, column: endColumn))
}

extension Node {
    /// Test navigation: the value of `key` in a mapping.
    subscript(testKey key: String) -> Node? {
        mappingEntries?.first { $0.key.value == key }?.value
    }

    /// Test navigation: the item at `index` in a sequence.
    subscript(testItem index: Int) -> Node? {
        guard let items = sequenceItems, items.indices.contains(index) else { return nil }
        return items[index]
    }
}

extension XCTestCase {
    /// Asserts the document has exactly one diagnostic and returns it.
    func single(
        _ doc: LoadedDocument, file: StaticString = #filePath, line: UInt = #line
    ) -> Diagnostic? {
        XCTAssertEqual(doc.diagnostics.count, 1, "\(doc.diagnostics.map(\.canonicalLine))", file: file, line: line)
        return doc.diagnostics.first
    }

    /// Asserts rule, message and range of a diagnostic in one line.
    func assertDiagnostic(
        _ diagnostic: Diagnostic?, rule: String, message: String, range: SourceRange,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let diagnostic else {
            XCTFail("no diagnostic", file: file, line: line)
            return
        }
        XCTAssertEqual(diagnostic.rule, rule, file: file, line: line)
        XCTAssertEqual(diagnostic.message, message, file: file, line: line)
        XCTAssertEqual(diagnostic.range, range, file: file, line: line)
        XCTAssertEqual(diagnostic.severity, .error, file: file, line: line)
        XCTAssertEqual(diagnostic.file, "t.yaml", file: file, line: line)
    }
}
