import Foundation
import ShenpiLanguage
import ShenpiSyntax

/// `# shenpi-lint disable RULE[, RULE…] -- reason` on a line of its own:
/// turns rules off for one file. The reason is mandatory, so every exception
/// is explained in review. Only whole-line comments count, so text inside a
/// message that happens to contain the marker switches nothing off — nor
/// does a line of a block or multi-line scalar that starts with `#`: it is
/// text (`title: |` then `# shenpi-lint disable …`), not a comment.
public struct Suppression: Sendable {
    public static let ruleID = "bad-suppression"
    static let marker = "shenpi-lint"

    public var rules: Set<String> = []
    public var diagnostics: [Diagnostic] = []

    /// `textLines`: the 1-based numbers of lines inside scalars (`Node.textLines`).
    public init(lines: [String], file: String, textLines: Set<Int> = []) {
        for (n, line) in lines.enumerated() where !textLines.contains(n + 1) {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.first == "#", let hash = line.firstIndex(of: "#") else { continue }
            let comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
            guard comment.hasPrefix(Self.marker) else { continue }
            let column = line.distance(from: line.startIndex, to: hash) + 1
            let range = SourceRange(start: .init(line: n + 1, column: column), end: .init(line: n + 1, column: line.count + 1))
            func bad(_ message: String) {
                diagnostics.append(Diagnostic(file: file, range: range, severity: .error, rule: Self.ruleID, message: message))
            }
            let body = comment.dropFirst(Self.marker.count).trimmingCharacters(in: .whitespaces)
            guard body.hasPrefix("disable ") else {
                bad("expected \"# shenpi-lint disable RULE -- reason\"")
                continue
            }
            let parts = body.dropFirst("disable ".count).components(separatedBy: "--")
            let reason = parts.dropFirst().joined(separator: "--").trimmingCharacters(in: .whitespaces)
            let ids = parts[0].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            guard !ids.isEmpty else {
                bad("name the rule to disable: \"# shenpi-lint disable RULE -- reason\"")
                continue
            }
            guard !reason.isEmpty else {
                bad("a suppression needs a reason after \"--\": \"# shenpi-lint disable \(ids[0]) -- why this file is an exception\"")
                continue
            }
            for id in ids {
                guard let rule = RuleCatalog.description(of: id) else {
                    var message = "unknown rule \"\(id)\" in suppression"
                    if let hint = suggestion(for: id, among: RuleCatalog.descriptions.map(\.id)) { message += "; \(hint)" }
                    bad(message)
                    continue
                }
                guard rule.suppressible else {
                    bad("rule \"\(id)\" cannot be suppressed")
                    continue
                }
                rules.insert(id)
            }
        }
    }

    public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        rules.isEmpty ? diagnostics : diagnostics.filter { !rules.contains($0.rule) }
    }
}
