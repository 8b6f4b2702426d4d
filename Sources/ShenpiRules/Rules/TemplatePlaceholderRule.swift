import Foundation
import ShenpiExpression
import ShenpiLanguage
import ShenpiSyntax

/// `unknown-placeholder`: a `{name}` in a template or inline message that is
/// neither a field id, a fee's `fee.<id>`, nor one of the built-in placeholders, so the applicant
/// would receive the braces instead of the value. An unclosed `{` too, and
/// spaces inside the braces (`{ item }`): the notice would carry them as
/// written, braces and all.
public struct TemplatePlaceholderRule: Rule {
    public let id = "unknown-placeholder"
    public static let builtIns = ["item", "case.number", "case.due", "step", "missing", "decision.comment", "pause.expected", "materials.deferred", "guide.place"]
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        // Each text with what it is, for a message that names it.
        var texts = c.flow.templates.map { (text: $0.text, place: "template \"\($0.id.value)\"") }
        for n in c.index.allNotices(c.flow) { if case .message(let m) = n.content { texts.append((m, "this notice's message")) } }
        // {guide.place} needs the place it names.
        let builtIns = Self.builtIns.filter { $0 != "guide.place" || c.flow.guide.place != nil }
        // {fee.<id>}: a fee's amount for the case.
        let known = builtIns + c.flow.fields.map(\.id.value) + c.flow.fees.map { "fee." + $0.id.value }
        var out: [Diagnostic] = []
        for (text, place) in texts {
            for p in Self.placeholders(in: text.value) {
                let range = text.sourceRange(ofValueOffsets: p.offsets)
                guard let name = p.name else {
                    out.append(c.diagnostic(id, .error, Self.unclosed(text.value, at: p.offsets.lowerBound, in: place, known: known), at: range))
                    continue
                }
                if let written = p.written, written != name {
                    out.append(c.diagnostic(id, .error, "placeholder \"{\(written)}\" has spaces inside its braces, so it would be sent as written; "
                        + "write \"{\(name)}\"", at: range))
                    continue
                }
                guard !known.contains(name) else { continue }
                if name.hasPrefix("fee.") {
                    guard !c.flow.feesIncomplete else { continue }
                    let fees = c.flow.fees.map(\.id.value)
                    var message = "no fee \"\(name.dropFirst(4))\" for placeholder \"{\(name)}\"; "
                    if fees.isEmpty {
                        message += "the flow has no fees (add one under \"fees\")"
                    } else if let hint = suggestion(for: String(name.dropFirst(4)), among: fees) {
                        message += hint
                    } else {
                        message += "the flow's fees are " + fees.joined(separator: ", ")
                    }
                    out.append(c.diagnostic(id, .error, message, at: range))
                    continue
                }
                if name == "guide.place" {
                    out.append(c.diagnostic(id, .error, "\"{guide.place}\" needs \"place\" in the flow's \"guide\"", at: range))
                    continue
                }
                var message = "unknown placeholder \"{\(name)}\""
                if let hint = suggestion(for: name, among: known) { message += "; \(hint)" }
                else { message += "; use a field id or one of " + Self.builtIns.joined(separator: ", ") }
                out.append(c.diagnostic(id, .error, message, at: range))
            }
        }
        return out
    }

    /// `unclosed "{" in template "testing": "{pause.expect" has no "}"; did you
    /// mean "{pause.expected}"?` — the name begun after the brace, and the
    /// placeholder it comes closest to.
    static func unclosed(_ text: String, at offset: Int, in place: String, known: [String]) -> String {
        let begun = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(offset + 1).prefix {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0))
        }))
        guard !begun.isEmpty else { return "unclosed \"{\" in \(place); write \"{name}\"" }
        // The name as begun, whole; else the one it begins; else the nearest.
        let close = known.contains(begun) ? begun : known.first { $0.hasPrefix(begun) } ?? closestMatch(for: begun, among: known)
        return "unclosed \"{\" in \(place): \"{\(begun)\" has no \"}\"" + (close.map { "; did you mean \"{\($0)}\"?" } ?? "; write \"{name}\"")
    }

    /// `{name}` occurrences with their offsets in Unicode scalars; `name == nil` for an unclosed brace.
    /// `name` is trimmed; `written` is what stands between the braces.
    static func placeholders(in text: String) -> [(name: String?, written: String?, offsets: Range<Int>)] {
        var out: [(String?, String?, Range<Int>)] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            if chars[i] == "{" {
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    out.append((nil, nil, i..<(i + 1)))
                    break
                }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: chars[(i + 1)..<close])
                out.append((String(name).trimmingCharacters(in: .whitespaces), String(name), i..<(close + 1)))
                i = close + 1
            } else {
                i += 1
            }
        }
        return out
    }
}
