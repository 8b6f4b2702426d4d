import ShenpiSyntax

/// A typed datum the applicant gives (`fields:`).
public struct Field: Sendable, Hashable {
    public var id: Located<String>
    public var title: Located<String>?
    public var type: Located<ValueType>?
    public var required: Bool
    /// Bounds of an integer or number field (inclusive).
    public var minimum: Located<Double>?
    public var maximum: Located<Double>?
    /// `value-titles` of an enum field: how the public reads each value
    /// (`residential` → 住宅), in the service guide's conditions. A key that
    /// is none of the values is `undefined-reference`'s to report.
    public var valueTitles: [ValueTitle] = []

    public init(id: Located<String>, title: Located<String>? = nil, type: Located<ValueType>? = nil, required: Bool = true) {
        self.id = id
        self.title = title
        self.type = type
        self.required = required
    }

    /// The title of `value`, if `value-titles` gives one.
    public func title(ofValue value: String) -> String? { valueTitles.first { $0.value.value == value }?.title }
}

/// One entry of `value-titles`.
public struct ValueTitle: Sendable, Hashable {
    public var value: Located<String>
    public var title: String

    public init(value: Located<String>, title: String) {
        self.value = value
        self.title = title
    }
}

/// A document the applicant brings (`materials:`).
public struct Material: Sendable, Hashable {
    public enum Form: String, Sendable, Hashable, CaseIterable {
        case original
        case copy
        case electronic
    }
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case applicant
        case government
        case intermediary
    }
    public enum Requirement: String, Sendable, Hashable, CaseIterable {
        case always
        /// 容缺后补: accept now, supply later.
        case deferrable
        case optional
    }

    public var id: Located<String>
    public var title: Located<String>?
    public var forms: [Form]
    public var copies: Int
    public var source: Source
    public var requirement: Requirement
    /// Required only when this holds.
    public var condition: LocatedExpression?
    public var standard: String?
    public var sample: String?

    public init(id: Located<String>) {
        self.id = id
        self.forms = []
        self.copies = 1
        self.source = .applicant
        self.requirement = .always
    }
}

/// Expression text with the place it was written, parsed once by the decoder.
public struct LocatedExpression: Sendable, Hashable {
    public var text: String
    public var scalar: Scalar
    /// `nil` when the text did not parse (the syntax error is in `parseError`).
    public var expr: Expr?
    public var parseError: ExpressionError?

    public init(scalar: Scalar) {
        self.text = scalar.value
        self.scalar = scalar
        switch Expression.parse(scalar.value) {
        case .success(let e): self.expr = e
        case .failure(let err): self.parseError = err
        }
    }

    /// The file range of a character range of the expression text.
    public func range(of offsets: Range<Int>) -> SourceRange {
        scalar.sourceRange(ofValueOffsets: offsets)
    }
}
