import ShenpiCalendar
import ShenpiExpression
import ShenpiMachine

/// An applicant's field value as stored in a case: the Codable twin of the
/// expression language's `Value` (enum, phone and resident-id values are strings).
public enum FieldValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case date(CivilDate)
    case list([FieldValue])

    /// The value conditions are evaluated on.
    public var value: Value {
        switch self {
        case .string(let s): return .string(s)
        case .integer(let n): return .integer(n)
        case .number(let x): return .number(x)
        case .boolean(let b): return .boolean(b)
        case .date(let d): return .date(d)
        case .list(let items): return .list(items.map(\.value))
        }
    }

    /// As written into a notification.
    public var description: String {
        switch self {
        case .string(let s): return s
        case .integer(let n): return String(n)
        case .number(let x): return String(x)
        case .boolean(let b): return b ? "是" : "否"
        case .date(let d): return d.description
        case .list(let items): return items.map(\.description).joined(separator: "、")
        }
    }
}

extension FieldSpec {
    /// Why `value` does not fit this field, or `nil` when it does.
    func problem(with value: FieldValue) -> String? {
        switch (type, value) {
        case ("integer", .integer(let n)), ("number", .integer(let n)):
            return outOfBounds(Double(n))
        case ("number", .number(let x)):
            return outOfBounds(x)
        case ("string", .string), ("boolean", .boolean), ("date", .date):
            return nil
        case ("enum", .string(let s)):
            let allowed = values ?? []
            return allowed.contains(s) ? nil : "'\(s)' is not one of \(allowed.joined(separator: ", "))"
        case ("phone", .string(let s)):
            return PhoneNumber.isValid(s) ? nil : "'\(s)' is not a phone number"
        case ("resident-id", .string(let s)):
            switch ResidentID.validate(s) {
            case .success: return nil
            case .failure(let e): return e.message
            }
        default:
            if type.hasPrefix("list"), case .list = value { return nil }
            return "expected \(type), found \(value.kindName)"
        }
    }
}

extension FieldSpec {
    /// `must be at least 0, found -1`, or nil within the field's bounds.
    func outOfBounds(_ x: Double) -> String? {
        if let lo = minimum, x < lo { return "must be at least \(Value.text(lo)), found \(Value.text(x))" }
        if let hi = maximum, x > hi { return "must be at most \(Value.text(hi)), found \(Value.text(x))" }
        return nil
    }
}

extension FieldValue {
    /// `spec.problem(with: self) == nil`, checked on the field's kind.
    func fits(_ kind: FieldKind, _ spec: FieldSpec) -> Bool {
        switch (kind, self) {
        case (.integer, .integer(let n)), (.number, .integer(let n)): return !spec.isBounded || spec.outOfBounds(Double(n)) == nil
        case (.number, .number(let x)): return !spec.isBounded || spec.outOfBounds(x) == nil
        case (.string, .string), (.boolean, .boolean), (.date, .date), (.list, .list):
            return true
        case (.enumeration, .string(let s)): return spec.values?.contains(s) ?? false
        case (.phone, .string(let s)): return PhoneNumber.isValid(s)
        case (.residentID, .string(let s)):
            if case .success = ResidentID.validate(s) { return true }
            return false
        default: return false
        }
    }

    var kindName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .date: return "date"
        case .list: return "list"
        }
    }
}
