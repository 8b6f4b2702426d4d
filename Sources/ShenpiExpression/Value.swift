import ShenpiCalendar

/// A run-time value. Enumeration, phone and resident-id values are strings.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    /// A number as a message writes it: `0`, `99`, `-2.5` (a whole one without `.0`).
    public static func text(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case date(CivilDate)
    case list([Value])

    /// The kind of value, for messages: `string`, `integer`, `list`…
    public var kindName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .date: return "date"
        case .list: return "list"
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return Expr.quoted(s)
        case .integer(let n): return String(n)
        case .number(let x): return String(x)
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return "date('\(d)')"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

/// What an evaluation may read. There is no wall clock: `today` is given.
public struct EvaluationContext: Hashable, Sendable {
    public var fields: [String: Value]
    public var submittedMaterials: Set<String>
    public var today: CivilDate

    public init(fields: [String: Value] = [:], submittedMaterials: Set<String> = [], today: CivilDate) {
        self.fields = fields
        self.submittedMaterials = submittedMaterials
        self.today = today
    }
}

/// A run-time failure. Evaluation never traps; it throws one of these.
public struct EvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The context has no value for a field the expression reads.
        case missingField
        case divisionByZero
        /// Integer overflow, a non-finite number, or a date outside 0001-01-01…9999-12-31.
        case overflow
        case invalidResidentID
        case invalidDate
        /// Operands of the wrong kind (a field value that does not match its type,
        /// or an expression that was not type-checked).
        case typeMismatch
        /// An unknown function or a wrong number of arguments.
        case invalidCall
    }

    public var kind: Kind
    public var message: String
    /// Offsets into the expression text, like `ExpressionError.range`.
    public var range: Range<Int>

    public init(_ kind: Kind, _ message: String, range: Range<Int>) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound): \(message)" }
}
