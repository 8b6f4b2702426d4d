/// A 1-based position in a source file. Columns count characters (Unicode
/// scalars), not bytes, so Chinese text lines up with what an editor shows.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span `[start, end)` in one file. `end` is the position just
/// past the last character, so a one-line span underlines `end.column - start.column`
/// characters.
public struct SourceRange: Hashable, Sendable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public init(at position: SourcePosition) {
        self.start = position
        self.end = position
    }
}
