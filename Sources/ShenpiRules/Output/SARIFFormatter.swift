import Foundation
import ShenpiSyntax

/// SARIF 2.1.0, one run, the rules that fired listed in the driver, one
/// result per diagnostic with its region (1-based, end column exclusive as
/// SARIF expects) and related locations for notes.
enum SARIFFormatter {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        let ruleIDs = Array(Set(diagnostics.map(\.rule))).sorted()
        let rules: [[String: Any]] = ruleIDs.map { id in
            let desc = RuleCatalog.description(of: id)
            return [
                "id": id,
                "shortDescription": ["text": desc?.summary ?? id],
                "defaultConfiguration": ["level": (desc?.severity ?? .error).rawValue],
            ]
        }
        let results: [[String: Any]] = diagnostics.map { d in
            var result: [String: Any] = [
                "ruleId": d.rule,
                "ruleIndex": ruleIDs.firstIndex(of: d.rule) ?? 0,
                "level": d.severity.rawValue,
                "message": ["text": d.message],
                "locations": [location(d.file, d.range)],
            ]
            // A note pointing at no place (a hint) still goes along, on its file without a region.
            let related = d.notes.enumerated().map { (i, n) -> [String: Any] in
                var loc = location(n.file ?? d.file, n.range)
                loc["id"] = i
                loc["message"] = ["text": n.message]
                return loc
            }
            if !related.isEmpty { result["relatedLocations"] = related }
            return result
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "shenpi", "rules": rules]],
                // Columns count Unicode scalars (libyaml's unit), not UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        return JSONText.encode(log) + "\n"
    }

    /// A relative URI reference, path segments percent-encoded (spaces, `%`,
    /// `#`, Chinese …); a file outside the working folder (an absolute path)
    /// is a `file://` URI. In a relative reference `:` is `%3A` too: the
    /// first segment of `c:drive.yaml` would read as a URI scheme `c:`.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#%")
        if path.hasPrefix("/") { return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) }
        allowed.remove(":")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    static func location(_ file: String, _ range: SourceRange?) -> [String: Any] {
        guard let r = range else { return ["physicalLocation": ["artifactLocation": ["uri": uri(file)]]] }
        var region: [String: Any] = ["startLine": r.start.line, "startColumn": r.start.column]
        if r.end > r.start {
            region["endLine"] = r.end.line
            region["endColumn"] = r.end.column
        }
        return ["physicalLocation": ["artifactLocation": ["uri": uri(file)], "region": region]]
    }
}
