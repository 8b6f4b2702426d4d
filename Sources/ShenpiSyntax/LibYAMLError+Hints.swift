/// Notes for libyaml errors whose own words do not say what the author did.
extension LibYAMLError {
    /// "mapping values are not allowed in this context": libyaml was still
    /// reading a plain value when it met a `key:`. The two usual causes are a
    /// key indented further than its siblings (the line continues the value
    /// above it) and an unquoted value that itself holds ": ".
    static func mappingValueHint(_ source: SourceText, at position: SourcePosition) -> DiagnosticNote? {
        guard position.line >= 1, position.line <= source.lines.count else { return nil }
        let line = Array(source.lines[position.line - 1])
        let before = Array(line.prefix(max(0, position.column - 1)))
        if let separator = Self.colonSpace(in: before) {
            let key = String(before[..<separator].drop { $0 == " " || $0 == "-" })
            return DiagnosticNote(
                "the value of \"\(key)\" holds \": \"; put the whole value in quotes", range: SourceRange(at: position))
        }
        let indent = line.prefix { $0 == " " }.count
        guard let (number, above) = previousContentLine(source, before: position.line), let key = Self.keyColumn(of: above),
            indent + 1 > key.column
        else { return nil }
        // The line above may be the one that lost its indentation: a key in
        // column 1 between lines indented alike (`limit:` pulled to the margin).
        if key.column == 1, let (_, before) = previousContentLine(source, before: number),
           before.prefix(while: { $0 == " " }).count == indent, indent > 0 {
            return DiagnosticNote(
                "\"\(key.name)\" on line \(number) starts in column 1, between lines indented to column \(indent + 1): "
                    + "indent it to column \(indent + 1) if it belongs with them (this line was read as more of its value)",
                range: SourceRange(at: SourcePosition(line: number, column: 1)))
        }
        return DiagnosticNote(
            "this line is indented more than \"\(key.name)\" on line \(number) (column \(indent + 1), not \(key.column)): "
                + "keys of one mapping start in the same column, so it was read as more of the value above",
            range: SourceRange(at: SourcePosition(line: position.line, column: indent + 1)))
    }

    /// "did not find expected '-' indicator" / "… expected key": libyaml met
    /// a line in a list or a mapping whose indentation fits neither, usually
    /// a key indented less than the keys above it (`  checks:` under a step
    /// whose keys start in column 5).
    static func dedentedKeyHint(_ source: SourceText, at position: SourcePosition) -> DiagnosticNote? {
        guard position.line >= 1, position.line <= source.lines.count else { return nil }
        let line = Array(source.lines[position.line - 1])
        let indent = line.prefix { $0 == " " }.count
        guard let (number, above) = previousContentLine(source, before: position.line), let key = Self.keyColumn(of: above),
              indent + 1 < key.column, let mine = Self.keyColumn(of: line) ?? Self.bareKey(of: line)
        else { return nil }
        return DiagnosticNote(
            "\"\(mine.name)\" is indented less than \"\(key.name)\" on line \(number) (column \(indent + 1), not \(key.column)): "
                + "keys of one mapping start in the same column; indent it to column \(key.column) if it belongs beside \"\(key.name)\"",
            range: SourceRange(at: SourcePosition(line: position.line, column: indent + 1)))
    }

    /// `  checks:` (a key whose value starts on the next line).
    static func bareKey(of line: [Character]) -> (name: String, column: Int)? {
        let i = line.prefix { $0 == " " }.count
        let rest = Array(line[i...])
        guard let last = rest.lastIndex(where: { $0 != " " }), rest[last] == ":", last > 0 else { return nil }
        return (String(rest[..<last]), i + 1)
    }

    /// The nearest line above `line` (1-based) that is neither blank nor a comment.
    static func previousContentLine(_ source: SourceText, before line: Int) -> (Int, [Character])? {
        var n = line - 1
        while n >= 1 {
            let text = Array(source.lines[n - 1])
            let content = text.drop { $0 == " " }
            if let first = content.first, first != "#" { return (n, text) }
            n -= 1
        }
        return nil
    }

    /// `  title: 审批` or `  - id: decide`: the key and the column it starts at,
    /// when the line is a key with a value on the same line.
    static func keyColumn(of line: [Character]) -> (name: String, column: Int)? {
        var i = line.prefix { $0 == " " }.count
        if i < line.count, line[i] == "-", i + 1 < line.count, line[i + 1] == " " {
            i += 1
            while i < line.count, line[i] == " " { i += 1 }
        }
        let rest = Array(line[i...])
        guard let colon = colonSpace(in: rest), rest[(colon + 2)...].contains(where: { $0 != " " }) else { return nil }
        return (String(rest[..<colon]), i + 1)
    }

    /// The index of the first ": " in `text`.
    static func colonSpace(in text: [Character]) -> Int? {
        text.indices.first { $0 + 1 < text.count && text[$0] == ":" && text[$0 + 1] == " " }
    }
}
