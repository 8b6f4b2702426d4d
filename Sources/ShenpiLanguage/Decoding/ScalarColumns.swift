import ShenpiSyntax

extension Scalar {
    /// The source range of characters `offsets` of this scalar's value.
    /// Exact for one-line plain and quoted scalars (escapes such as `''`,
    /// `\"` and `\n` take two source columns for one value character);
    /// a multi-line scalar points at its start.
    public func sourceRange(ofValueOffsets offsets: Range<Int>) -> SourceRange {
        guard range.start.line == range.end.line, !value.contains("\n") || style == .doubleQuoted else {
            return SourceRange(at: range.start)
        }
        // Offsets count Unicode scalars, the unit of libyaml's columns and of expression offsets.
        let chars = Array(value.unicodeScalars)
        // Escapes such as \u4e2d cannot be told from the character itself; when
        // the predicted width disagrees with the source, point at the scalar.
        let quotes = style == .singleQuoted || style == .doubleQuoted ? 2 : 0
        let predicted = chars.reduce(quotes) { $0 + sourceWidth(of: $1) }
        guard predicted == range.end.column - range.start.column else {
            return SourceRange(start: range.start, end: range.end)
        }
        func column(_ offset: Int) -> Int {
            var col = range.start.column + (style == .singleQuoted || style == .doubleQuoted ? 1 : 0)
            for c in chars.prefix(max(0, min(offset, chars.count))) {
                col += sourceWidth(of: c)
            }
            return col + max(0, offset - chars.count)
        }
        let start = column(offsets.lowerBound)
        let end = max(column(offsets.upperBound), start + 1)
        return SourceRange(start: SourcePosition(line: range.start.line, column: start), end: SourcePosition(line: range.start.line, column: end))
    }

    private func sourceWidth(of c: Unicode.Scalar) -> Int {
        switch style {
        case .singleQuoted: return c == "'" ? 2 : 1
        case .doubleQuoted:
            switch c {
            case "\"", "\\", "\n", "\t", "\r", "\0": return 2
            default:
                if c.value < 0x20 { return 4 }  // \xNN
                return 1
            }
        default: return 1
        }
    }
}
