/// A problem found while parsing or type-checking an expression.
public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case syntax
        case type
        case undefinedField
        case undefinedMaterial
    }

    public var kind: Kind
    public var message: String
    /// 0-based offsets into the expression text, counted in Unicode scalars
    /// (the unit `SourcePosition.column` counts). May be empty (`5..<5`) when
    /// the problem is at the end of the text.
    public var range: Range<Int>

    public init(_ kind: Kind, _ message: String, range: Range<Int>) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound): \(message)" }
}
