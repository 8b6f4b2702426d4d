import LibYAML

/// Scoped access to a libyaml parser reading `source.bytes`. The parser, its
/// memory and the input buffer live exactly as long as `body` runs; every exit
/// path frees them. Returns nil only if libyaml cannot allocate a parser.
func withLibYAMLParser<R>(
    _ source: SourceText, _ body: (UnsafeMutablePointer<yaml_parser_t>) -> R
) -> R? {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else { return nil }
    defer { yaml_parser_delete(parser) }
    return source.bytes.withUnsafeBufferPointer { buffer -> R? in
        guard let base = buffer.baseAddress else { return nil }
        yaml_parser_set_input_string(parser, base, buffer.count)
        // The BOM is already gone; say UTF-8 so libyaml never guesses UTF-16.
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        return body(parser)
    }
}

extension SourceText {
    func position(_ mark: yaml_mark_t) -> SourcePosition {
        position(yamlLine: mark.line, column: mark.column)
    }

    func range(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceRange {
        SourceRange(start: position(start), end: position(end))
    }
}

/// Turns the error a libyaml parser stopped with into a `syntax` diagnostic.
struct LibYAMLError {
    var message: String
    var range: SourceRange
    var notes: [DiagnosticNote] = []

    init(_ parser: UnsafePointer<yaml_parser_t>, source: SourceText) {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "libyaml stopped without saying why"
        let context = p.context.map { String(cString: $0) }

        switch p.error {
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset and the offending character, not a mark.
            let at = source.position(ofByte: p.problem_offset)
            var text = Self.sentence(problem)
            if p.problem_value >= 0 {
                text += " (found \(Self.codePoint(UInt32(p.problem_value))))"
            }
            message = text
            range = SourceRange(start: at, end: SourcePosition(line: at.line, column: at.column + 1))
        case YAML_MEMORY_ERROR:
            message = "libyaml ran out of memory"
            range = .fileStart
        default:
            let at = source.position(p.problem_mark)
            range = SourceRange(at: at)
            let found = source.character(at: at)
            if problem == "found character that cannot start any token", let found {
                // libyaml does not say which character; `-<TAB>item` is the usual culprit.
                message =
                    found == "\t"
                    ? "found a tab character where YAML expects a space"
                    : Self.sentence("found character \(Self.describe(found)) that cannot start any token")
            } else if let context {
                message = Self.sentence(problem + " " + context)
            } else {
                message = Self.sentence(problem)
            }
            // Where libyaml began the construct it was reading, when that is elsewhere.
            let contextStart = source.position(p.context_mark)
            if let context, contextStart != at, let note = Self.contextNote(context, at: contextStart) {
                notes = [note]
            }
            if problem == "mapping values are not allowed in this context", let hint = Self.mappingValueHint(source, at: at) {
                notes.append(hint)
            }
            if problem == "did not find expected '-' indicator" || problem == "did not find expected key",
               let hint = Self.dedentedKeyHint(source, at: at) {
                notes.append(hint)
            }
        }
    }

    func diagnostic(file: String) -> Diagnostic {
        .loader(LoaderRule.syntax, message, file: file, range: range, notes: notes)
    }

    /// libyaml messages are mostly lowercase already; make sure, and drop a final period.
    static func sentence(_ text: String) -> String {
        var text = text.trimmingTrailing(".")
        if let first = text.first, first.isUppercase, !text.hasPrefix("YAML") {
            text = first.lowercased() + text.dropFirst()
        }
        return text
    }

    /// `'@'` for a visible character, `U+00A0` for anything else.
    static func describe(_ character: Unicode.Scalar) -> String {
        if character.properties.isWhitespace || character.properties.generalCategory == .control
            || character.properties.generalCategory == .format
        {
            return codePoint(character.value)
        }
        return "'\(character)'"
    }

    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// "while scanning a simple key" → "the simple key starts at 2:1".
    static func contextNote(_ context: String, at position: SourcePosition) -> DiagnosticNote? {
        var thing = Substring(context)
        for prefix in ["while scanning ", "while parsing "] where thing.hasPrefix(prefix) {
            thing = thing.dropFirst(prefix.count)
        }
        for article in ["a ", "an "] where thing.hasPrefix(article) {
            return DiagnosticNote(
                "the \(thing.dropFirst(article.count)) starts at \(position)", range: SourceRange(at: position))
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingTrailing(_ character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
