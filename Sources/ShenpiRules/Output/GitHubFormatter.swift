import Foundation
import ShenpiSyntax

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endColumn=…,title=…::message`.
/// `endColumn` is the column of the last character (inclusive, as actionlint
/// writes it and GitHub reads it), not the exclusive end of JSON and SARIF.
enum GitHubFormatter {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            var props = "file=\(escapeProperty(d.file)),line=\(d.line),col=\(d.column)"
            if d.range.end.line == d.line, d.range.end.column > d.column { props += ",endColumn=\(d.range.end.column - 1)" }
            props += ",title=\(escapeProperty("shenpi " + d.rule))"
            let notes = d.notes.map { "\n" + $0.message }.joined()
            return "::\(d.severity.rawValue) \(props)::\(escapeData(d.message + " [\(d.rule)]" + notes))"
        }.map { $0 + "\n" }.joined()
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
