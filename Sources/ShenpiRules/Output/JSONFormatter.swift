import Foundation
import ShenpiSyntax

/// An array of objects with the keys `file`, `line`, `column`, `severity`,
/// `rule`, `message`, plus `endLine`, `endColumn` and `notes`.
enum JSONFormatter {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        if diagnostics.isEmpty { return "[]\n" }
        let items: [[String: Any]] = diagnostics.map { d in
            var o: [String: Any] = [
                "file": d.file, "line": d.line, "column": d.column, "endLine": d.range.end.line,
                "endColumn": d.range.end.column, "severity": d.severity.rawValue, "rule": d.rule, "message": d.message,
            ]
            if !d.notes.isEmpty {
                o["notes"] = d.notes.map { n -> [String: Any] in
                    // Every key always there: a note pointing at no place (a hint) has null line and column.
                    ["message": n.message, "file": n.file ?? d.file,
                     "line": n.range.map { $0.start.line as Any } ?? NSNull(), "column": n.range.map { $0.start.column as Any } ?? NSNull()]
                }
            }
            return o
        }
        return JSONText.encode(items) + "\n"
    }
}

enum JSONText {
    /// Pretty, key-sorted, unescaped slashes and Chinese: stable output for diffs and golden tests.
    static func encode(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "[]"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
