/// The bytes of one file (UTF-8 BOM removed) with a line table that turns
/// byte offsets and libyaml marks into editor positions.
///
/// Two notions of "line" meet here. Editors (and LSP) break lines at `\n`,
/// `\r\n` and `\r`. libyaml also breaks at NEL (U+0085), LS (U+2028) and
/// PS (U+2029). `lines` follows the editors; libyaml marks are mapped onto
/// editor lines through `yamlLines`, so a stray U+2028 pasted from a web page
/// does not shift every later diagnostic by one line.
struct SourceText: Sendable {
    /// The bytes libyaml sees: the input without its UTF-8 BOM.
    let bytes: [UInt8]
    /// Editor lines without terminators. A file ending in a line break has a
    /// final empty line, so every position the loader reports has its line.
    let lines: [String]
    /// Byte range of each editor line's content (terminator excluded).
    let lineRanges: [Range<Int>]
    /// For each libyaml line: the editor line (0-based) it lies on, and the
    /// number of characters of that editor line before it.
    private let yamlLines: [(line: Int, columnOffset: Int)]

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(bytes input: [UInt8]) {
        let bytes = input.starts(with: Self.bom) ? Array(input.dropFirst(3)) : input
        self.bytes = bytes

        var lines: [String] = []
        var lineRanges: [Range<Int>] = []
        var yamlLines: [(line: Int, columnOffset: Int)] = [(0, 0)]
        var lineStart = 0
        var charsInLine = 0  // characters of the current editor line so far
        var i = 0
        let n = bytes.count

        func endEditorLine(contentEnd: Int, next: Int) {
            lineRanges.append(lineStart..<contentEnd)
            lines.append(String(decoding: bytes[lineStart..<contentEnd], as: UTF8.self))
            lineStart = next
            charsInLine = 0
            yamlLines.append((lines.count, 0))
        }

        while i < n {
            let b = bytes[i]
            if b == 0x0A {
                endEditorLine(contentEnd: i, next: i + 1)
                i += 1
            } else if b == 0x0D {
                let width = (i + 1 < n && bytes[i + 1] == 0x0A) ? 2 : 1
                endEditorLine(contentEnd: i, next: i + width)
                i += width
            } else if let width = Self.yamlOnlyBreakWidth(bytes, at: i) {
                // libyaml starts a new line after this character; the editor does not.
                charsInLine += 1
                yamlLines.append((lines.count, charsInLine))
                i += width
            } else {
                if b & 0xC0 != 0x80 { charsInLine += 1 }
                i += 1
            }
        }
        lineRanges.append(lineStart..<n)
        lines.append(String(decoding: bytes[lineStart..<n], as: UTF8.self))

        self.lines = lines
        self.lineRanges = lineRanges
        self.yamlLines = yamlLines
    }

    /// NEL, LS and PS: line breaks for libyaml (YAML 1.1), not for editors.
    private static func yamlOnlyBreakWidth(_ bytes: [UInt8], at i: Int) -> Int? {
        let n = bytes.count
        if bytes[i] == 0xC2, i + 1 < n, bytes[i + 1] == 0x85 { return 2 }
        if bytes[i] == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
            return 3
        }
        return nil
    }

    // MARK: Positions

    /// Marks come from C as `size_t`; clamp them so no arithmetic can overflow.
    private static func clamp(_ value: Int) -> Int {
        min(max(value, 0), Int(Int32.max))
    }

    /// The 1-based editor position of a 0-based libyaml (line, column) mark.
    func position(yamlLine: Int, column: Int) -> SourcePosition {
        let index = min(Self.clamp(yamlLine), yamlLines.count - 1)
        let base = yamlLines[index]
        return SourcePosition(line: base.line + 1, column: base.columnOffset + Self.clamp(column) + 1)
    }

    /// The 1-based position of a byte offset; the column counts the
    /// characters (UTF-8 lead bytes) between the line start and the offset.
    func position(ofByte offset: Int) -> SourcePosition {
        let offset = min(max(offset, 0), bytes.count)
        let line = lineIndex(containingByte: offset)
        let start = lineRanges[line].lowerBound
        var column = 1
        var i = start
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: line + 1, column: column)
    }

    /// Binary search over line starts: the last line starting at or before `offset`.
    private func lineIndex(containingByte offset: Int) -> Int {
        var low = 0
        var high = lineRanges.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineRanges[mid].lowerBound <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The character at a position, if the position is inside a line.
    func character(at position: SourcePosition) -> Unicode.Scalar? {
        guard position.line >= 1, position.line <= lines.count, position.column >= 1 else { return nil }
        var column = 1
        for scalar in lines[position.line - 1].unicodeScalars {
            if column == position.column { return scalar }
            column += 1
        }
        return nil
    }
}
