import Foundation

/// Escaping of flow text for the guide's output formats. Every piece of text
/// that comes from a flow or the registry goes through one of these.
public enum GuideEscaping {
    /// Text for HTML element content and double- or single-quoted attributes.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Text inside an HTML comment (`<!-- … -->`): escaped as element content,
    /// with no `--` (which a comment may not hold) and on one line.
    public static func htmlComment(_ s: String) -> String {
        var out = html(s).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        while out.contains("--") { out = out.replacingOccurrences(of: "--", with: "-\u{2010}") }
        return out
    }

    /// Inline Markdown text: punctuation that could start emphasis, code,
    /// links, HTML, headings or table cells is backslash-escaped, and line
    /// breaks become spaces (so text stays inside its table cell or list item).
    public static func markdown(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "&", "~", "!":
                out.append("\\")
                out.append(c)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }

    /// A Markdown code span that shows `s` literally, whatever backticks it holds.
    /// Inside a table cell a `|` would still end the cell, so it is escaped there.
    public static func markdownCode(_ s: String, inTable: Bool = false) -> String {
        var text = s.replacingOccurrences(of: "\n", with: " ")
        if inTable { text = text.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0
        var run = 0
        for c in text {
            if c == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || text.isEmpty ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// A file name safe on every system for a page id (ids are already
    /// `[a-z0-9_-]`, this guards hand-made catalogs).
    public static func fileName(_ id: String) -> String {
        let safe = id.unicodeScalars.map { c -> String in
            let ok = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
            return ok ? String(c) : "_"
        }.joined()
        return safe.isEmpty ? "item" : safe
    }
}
