/// The static type of a field or of an expression.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case string
    case integer
    case number
    case boolean
    case date
    /// A string restricted to the listed values.
    case enumeration(values: [String])
    /// A phone number; its values are strings.
    case phone
    /// A PRC resident identity number; its values are strings.
    case residentID
    case list(ValueType)

    /// The name used in messages: `integer`, `resident-id`, `list of string`.
    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .date: return "date"
        case .enumeration: return "enumeration"
        case .phone: return "phone"
        case .residentID: return "resident-id"
        case .list(let element): return "list of \(element)"
        }
    }

    var isNumeric: Bool { self == .integer || self == .number }

    /// Types whose values are strings at run time.
    var isStringLike: Bool {
        switch self {
        case .string, .enumeration, .phone, .residentID: return true
        default: return false
        }
    }

    /// Whether `==`, `!=` and `in` may relate values of these two types:
    /// equal types, integer with number, a string with any string-like type,
    /// two enumerations, and lists of compatible elements.
    public func isComparable(with other: ValueType) -> Bool {
        switch (self, other) {
        case (.enumeration, .enumeration): return true
        case (.list(let a), .list(let b)): return a.isComparable(with: b)
        case (.string, _) where other.isStringLike, (_, .string) where isStringLike: return true
        default: return self == other || (isNumeric && other.isNumeric)
        }
    }

    /// The element type of a list holding values of both types, if any.
    func unified(with other: ValueType) -> ValueType? {
        if self == other { return self }
        switch (self, other) {
        case (.list(let a), .list(let b)): return a.unified(with: b).map { .list($0) }
        case (.enumeration, .enumeration): return .string
        default: break
        }
        if isNumeric && other.isNumeric { return .number }
        if (self == .string && other.isStringLike) || (other == .string && isStringLike) { return .string }
        return nil
    }
}
