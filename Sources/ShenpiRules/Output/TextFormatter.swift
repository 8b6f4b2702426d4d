import ShenpiSyntax

/// `file:line:col: severity: message [rule]`, notes indented below; on a
/// terminal, the source line with a `^~~~` underline (wide CJK characters and
/// emoji counted as two columns, combining marks as none, so the caret lines
/// up: `DisplayWidth`).
struct TextFormatter {
    var snippets: Bool
    var color: Bool

    func render(_ result: LintResult) -> String {
        var out = ""
        for d in result.diagnostics {
            out += headline(d) + "\n"
            if snippets, let lines = result.sources[d.file] { out += snippet(d, lines: lines) }
            for n in d.notes {
                let place = n.file.map { "\($0): " } ?? ""
                out += "    note: \(place)\(Diagnostic.oneLine(n.message))\n"
            }
        }
        if snippets, result.diagnostics.isEmpty {
            out += "no problems in \(result.filesChecked) file\(result.filesChecked == 1 ? "" : "s")\(skipped(result))\n"
        } else if snippets {
            out += "\n\(result.errorCount) error\(result.errorCount == 1 ? "" : "s"), \(result.warningCount) warning\(result.warningCount == 1 ? "" : "s") in \(result.filesChecked) file\(result.filesChecked == 1 ? "" : "s")\(skipped(result))\n"
        }
        return out
    }

    /// The summary's note on scenario files, so that a person who named one
    /// learns why it was not checked; nothing when there were none.
    func skipped(_ result: LintResult) -> String {
        let n = result.scenariosSkipped
        return n == 0 ? "" : "; \(n) scenario file\(n == 1 ? "" : "s") skipped (run \(n == 1 ? "it" : "them") with shenpi test)"
    }

    func headline(_ d: Diagnostic) -> String {
        guard color else { return d.canonicalLine }
        let sev = d.severity == .error ? "\u{1B}[1;31merror\u{1B}[0m" : "\u{1B}[1;33mwarning\u{1B}[0m"
        return "\u{1B}[1m\(d.file):\(d.line):\(d.column):\u{1B}[0m \(sev): \(Diagnostic.oneLine(d.message)) \u{1B}[2m[\(d.rule)]\u{1B}[0m"
    }

    func snippet(_ d: Diagnostic, lines: [String]) -> String {
        guard d.line >= 1, d.line <= lines.count else { return "" }
        let line = lines[d.line - 1]
        let gutter = String(d.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Columns count Unicode scalars (`é` written as e + U+0301 is two), not characters.
        let scalars = line.unicodeScalars.count
        let startIndex = min(max(d.column - 1, 0), scalars)
        let length: Int
        if d.range.end.line == d.line, d.range.end.column > d.column {
            length = min(d.range.end.column - d.column, scalars - startIndex)
        } else {
            length = 1
        }
        let (lead, span) = DisplayWidth.columns(line, start: startIndex, end: startIndex + max(length, 1))
        var underline = String(repeating: " ", count: lead) + "^" + String(repeating: "~", count: max(span, 1) - 1)
        if color { underline = "\u{1B}[1;32m" + underline + "\u{1B}[0m" }
        // A tab is shown as the 4 spaces the underline counts for it, not left to the terminal's tab stops.
        let shown = line.replacingOccurrences(of: "\t", with: "    ")
        return "\(pad) |\n\(gutter) | \(shown)\n\(pad) | \(underline)\n"
    }
}
