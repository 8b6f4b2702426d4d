public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    case not = "not"
    case negate = "-"

    public var symbol: String { rawValue }
}

public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case or = "or"
    case and = "and"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case notIn = "not in"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"

    public var symbol: String { rawValue }

    /// The non-associative comparison level: `== != < <= > >= in not in`.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn: return true
        default: return false
        }
    }

    var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}

/// A node of a parsed expression. Every node knows the range of the text it
/// came from (0-based Unicode-scalar offsets; a parenthesised expression's
/// range includes its parentheses).
public struct Expr: Hashable, Sendable, CustomStringConvertible {
    public indirect enum Kind: Hashable, Sendable {
        case integer(Int)
        case number(Double)
        case string(String)
        case boolean(Bool)
        /// A field reference, or the material id inside `has(...)`.
        case field(String)
        case list([Expr])
        case call(name: String, arguments: [Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
    }

    public var kind: Kind
    public var range: Range<Int>

    public init(_ kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// The range of a call's function name.
    var nameRange: Range<Int> {
        guard case .call(let name, _) = kind else { return range }
        return range.lowerBound..<(range.lowerBound + name.unicodeScalars.count)
    }

    /// Every field the expression reads (identifiers outside `has(...)`).
    public var referencedFields: Set<String> {
        var fields = Set<String>()
        var materials = Set<String>()
        collectReferences(fields: &fields, materials: &materials)
        return fields
    }

    /// Every material named in `has(...)`.
    public var referencedMaterials: Set<String> {
        var fields = Set<String>()
        var materials = Set<String>()
        collectReferences(fields: &fields, materials: &materials)
        return materials
    }

    private func collectReferences(fields: inout Set<String>, materials: inout Set<String>) {
        switch kind {
        case .integer, .number, .string, .boolean: break
        case .field(let name): fields.insert(name)
        case .list(let elements):
            for e in elements { e.collectReferences(fields: &fields, materials: &materials) }
        case .call(let name, let arguments):
            for a in arguments {
                if name == "has", case .field(let material) = a.kind {
                    materials.insert(material)
                } else {
                    a.collectReferences(fields: &fields, materials: &materials)
                }
            }
        case .unary(_, let operand): operand.collectReferences(fields: &fields, materials: &materials)
        case .binary(_, let l, let r):
            l.collectReferences(fields: &fields, materials: &materials)
            r.collectReferences(fields: &fields, materials: &materials)
        }
    }

    /// A canonical, fully parenthesised rendering: `((a + (b * 2)) >= 3)`.
    public var description: String {
        switch kind {
        case .integer(let n): return String(n)
        case .number(let x): return String(x)
        case .string(let s): return Expr.quoted(s)
        case .boolean(let b): return b ? "true" : "false"
        case .field(let name): return name
        case .list(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .call(let name, let arguments):
            return name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        case .unary(.not, let operand): return "(not \(operand))"
        case .unary(.negate, let operand): return "(-\(operand))"
        case .binary(let op, let l, let r): return "(\(l) \(op.symbol) \(r))"
        }
    }

    /// A single-quoted string literal that reads back as `s`.
    static func quoted(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            if c == "\\" || c == "'" { out.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out + "'"
    }
}
