/// How a scalar was written. The language needs this to tell `"no"` (a string)
/// from `no` (which YAML 1.1 tools read as `false`).
public enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// A scalar with its text exactly as libyaml resolved it (escapes processed,
/// no type conversion: the language decides what a scalar means).
public struct Scalar: Sendable, Hashable {
    public var value: String
    public var style: ScalarStyle
    /// Explicit tag such as `!!str`, if any.
    public var tag: String?
    public var range: SourceRange

    public init(value: String, style: ScalarStyle, tag: String? = nil, range: SourceRange) {
        self.value = value
        self.style = style
        self.tag = tag
        self.range = range
    }

    /// A plain scalar that YAML would read as null (`~`, `null`, empty).
    public var isNull: Bool {
        style == .plain && tag == nil && (value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }
}

/// One key/value pair of a mapping. Keys are scalars in this language; a
/// complex key is reported by the loader and dropped.
public struct MappingEntry: Sendable, Hashable {
    public var key: Scalar
    public var value: Node

    public init(key: Scalar, value: Node) {
        self.key = key
        self.value = value
    }
}

/// A YAML node that remembers where it came from. Aliases are expanded by the
/// loader (under a size bound), so later stages never see them.
public indirect enum Node: Sendable, Hashable {
    case scalar(Scalar)
    case mapping([MappingEntry], SourceRange)
    case sequence([Node], SourceRange)

    public var range: SourceRange {
        switch self {
        case .scalar(let s): return s.range
        case .mapping(_, let r), .sequence(_, let r): return r
        }
    }

    /// A short noun for messages: "a string", "a mapping", "a list".
    public var kindDescription: String {
        switch self {
        case .scalar(let s): return s.isNull ? "an empty value" : "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }

    public var mappingEntries: [MappingEntry]? {
        if case .mapping(let e, _) = self { return e }
        return nil
    }

    public var sequenceItems: [Node]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }
}

/// A loaded file: the root node (nil when the file is empty or could not be
/// parsed) and everything the loader found wrong.
extension Node {
    /// The lines (1-based) that lie inside a scalar written over several
    /// lines — a block scalar's content, a quoted scalar's continuation —
    /// other than its first: what is on them is text, whatever it looks like.
    public var textLines: Set<Int> {
        var lines: Set<Int> = []
        func walk(_ node: Node) {
            switch node {
            case .scalar(let s):
                // A block scalar ends at the start of the line after it.
                let last = s.range.end.column == 1 ? s.range.end.line - 1 : s.range.end.line
                if last > s.range.start.line { lines.formUnion((s.range.start.line + 1)...last) }
            case .mapping(let entries, _):
                for entry in entries { walk(.scalar(entry.key)); walk(entry.value) }
            case .sequence(let items, _):
                items.forEach(walk)
            }
        }
        walk(self)
        return lines
    }
}

public struct LoadedDocument: Sendable {
    public var file: String
    public var root: Node?
    public var diagnostics: [Diagnostic]
    /// The source split into lines (without terminators), for snippets and suppression comments.
    public var lines: [String]

    public init(file: String, root: Node?, diagnostics: [Diagnostic], lines: [String]) {
        self.file = file
        self.root = root
        self.diagnostics = diagnostics
        self.lines = lines
    }
}
