/// The id syntax: lowercase ASCII words joined by single `-` or `_`.
public enum Identifier {
    public static func isValid(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for (i, c) in s.utf8.enumerated() {
            let lower = c >= 0x61 && c <= 0x7A
            let digit = c >= 0x30 && c <= 0x39
            let joiner = c == 0x2D || c == 0x5F
            if i == 0 && !lower { return false }
            if !(lower || digit || joiner) { return false }
            if joiner && (previous == 0x2D || previous == 0x5F) { return false }
            previous = c
        }
        return !s.isEmpty && previous != 0x2D && previous != 0x5F
    }

    /// A suggested well-formed spelling, e.g. `Accept Step` → `accept-step`.
    public static func suggestion(for s: String) -> String? {
        var out = ""
        for ch in s.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                out.append(ch)
            } else if ch == "_" && !out.isEmpty && out.last != "-" && out.last != "_" {
                out.append("_")
            } else if !out.isEmpty && out.last != "-" && out.last != "_" {
                out.append("-")
            }
        }
        while let last = out.last, last == "-" || last == "_" { out.removeLast() }
        while let first = out.first, !first.isLetter { out.removeFirst() }
        return isValid(out) && out != s ? out : nil
    }

    public static func malformedMessage(_ s: String) -> String {
        var message = "malformed id \"\(s)\"; ids are lowercase ASCII words joined by \"-\" or \"_\""
        if let better = suggestion(for: s) { message += ", like \"\(better)\"" }
        return message
    }
}
