import LibYAML

extension Loader {
    /// One `tab-indentation` error per line whose leading whitespace holds a
    /// tab, at the first such tab. libyaml's own message for these ("found
    /// character that cannot start any token") does not tell people that
    /// YAML wants spaces.
    ///
    /// A tab inside a scalar that spans lines (block scalar text, a quoted
    /// string continued on the next line) is content, not indentation, and
    /// valid YAML; libyaml's scanner tells us where those scalars are.
    func checkTabs(_ source: SourceText, file: String) -> [Diagnostic] {
        var tabs: [SourcePosition] = []
        for range in source.lineRanges {
            var i = range.lowerBound
            while i < range.upperBound, source.bytes[i] == 0x20 { i += 1 }
            if i < range.upperBound, source.bytes[i] == 0x09 {
                tabs.append(source.position(ofByte: i))
            }
        }
        guard !tabs.isEmpty else { return [] }

        // Tabs and scalars both come in file order and scalars do not overlap:
        // one merge pass, so a hostile file cannot make this quadratic.
        let scalars = multiLineScalarRanges(source)
        var next = 0
        return tabs.compactMap { tab in
            while next < scalars.count, scalars[next].end <= tab { next += 1 }
            if next < scalars.count, scalars[next].start < tab { return nil }
            let end = SourcePosition(line: tab.line, column: tab.column + 1)
            return .loader(
                LoaderRule.tabIndentation, "tab character in indentation; YAML indents with spaces",
                file: file, range: SourceRange(start: tab, end: end))
        }
    }

    /// Ranges of the scalar tokens that span more than one line, as far as
    /// libyaml's scanner gets before its first error. Tabs after that error
    /// are reported even if they might have been content: the file is broken
    /// there anyway.
    private func multiLineScalarRanges(_ source: SourceText) -> [SourceRange] {
        let ranges: [SourceRange]? = withLibYAMLParser(source) { parser in
            var ranges: [SourceRange] = []
            while true {
                var token = yaml_token_t()
                guard yaml_parser_scan(parser, &token) == 1 else { return ranges }
                defer { yaml_token_delete(&token) }
                switch token.type {
                case YAML_STREAM_END_TOKEN, YAML_NO_TOKEN:
                    return ranges
                case YAML_SCALAR_TOKEN where token.end_mark.line > token.start_mark.line:
                    ranges.append(source.range(token.start_mark, token.end_mark))
                default:
                    continue
                }
            }
        }
        return ranges ?? []
    }
}
