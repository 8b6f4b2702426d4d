/// How bad a finding is. Errors make `shenpi lint` exit 1; warnings do not.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool {
        a == .error && b == .warning
    }
}

/// A pointer to a related place, e.g. "first defined here".
public struct DiagnosticNote: Hashable, Sendable {
    public var message: String
    /// The file of the related place; `nil` means the diagnostic's own file.
    public var file: String?
    public var range: SourceRange?

    public init(_ message: String, file: String? = nil, range: SourceRange? = nil) {
        self.message = message
        self.file = file
        self.range = range
    }
}

/// One finding about one file, from any stage: loader, model builder or rule.
public struct Diagnostic: Hashable, Sendable {
    public var file: String
    public var range: SourceRange
    public var severity: Severity
    /// Stable rule id, e.g. `unknown-key`. Part of the public contract of `shenpi lint`.
    public var rule: String
    public var message: String
    public var notes: [DiagnosticNote]

    public init(
        file: String, range: SourceRange, severity: Severity, rule: String, message: String,
        notes: [DiagnosticNote] = []
    ) {
        self.file = file
        self.range = range
        self.severity = severity
        self.rule = rule
        self.message = message
        self.notes = notes
    }

    public var line: Int { range.start.line }
    public var column: Int { range.start.column }

    /// The canonical one-line form: `file:line:col: severity: message [rule]`.
    public var canonicalLine: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(Self.oneLine(message)) [\(rule)]"
    }

    /// One problem is one line: a line break or another control character
    /// quoted from the file (a key written `"a\r\nb"`) is shown escaped.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || u.value == 0x7F: out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

extension Diagnostic {
    /// Deterministic order: file, position, rule, message.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.range.start != b.range.start { return a.range.start < b.range.start }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message
        }
    }
}
