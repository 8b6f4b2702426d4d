import ShenpiCalendar

/// Evaluates an expression. `and` and `or` short-circuit: the right operand is
/// not evaluated when the left decides the result.
public func evaluate(_ expr: Expr, context: EvaluationContext) throws(EvaluationError) -> Value {
    try Evaluator(context: context).evaluate(expr)
}

/// Evaluates a condition that must yield a boolean.
public func evaluateCondition(_ expr: Expr, context: EvaluationContext) throws(EvaluationError) -> Bool {
    let value = try evaluate(expr, context: context)
    guard case .boolean(let b) = value else {
        throw EvaluationError(.typeMismatch, "condition must be a boolean, found \(value.kindName)", range: expr.range)
    }
    return b
}

struct Evaluator {
    let context: EvaluationContext

    static let firstDay = CivilDate(year: 1, month: 1, day: 1)!.daysSinceEpoch
    static let lastDay = CivilDate(year: 9999, month: 12, day: 31)!.daysSinceEpoch

    static func invalidDateMessage(_ text: String) -> String {
        "invalid date \"\(text)\"; expected a real date written YYYY-MM-DD"
    }

    private func mismatch(_ message: String, _ range: Range<Int>) -> EvaluationError {
        EvaluationError(.typeMismatch, message, range: range)
    }

    func evaluate(_ e: Expr) throws(EvaluationError) -> Value {
        switch e.kind {
        case .integer(let n): return .integer(n)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        case .field(let name):
            guard let value = context.fields[name] else {
                throw EvaluationError(.missingField, "no value for field \"\(name)\"", range: e.range)
            }
            return value
        case .list(let elements):
            var items: [Value] = []
            items.reserveCapacity(elements.count)
            for element in elements { items.append(try evaluate(element)) }
            return .list(items)
        case .call(let name, let arguments):
            return try call(name, arguments, e)
        case .unary(.not, let operand):
            return .boolean(!(try boolean(operand, for: "not")))
        case .unary(.negate, let operand):
            switch try evaluate(operand) {
            case .integer(let n):
                let (r, overflow) = 0.subtractingReportingOverflow(n)
                if overflow { throw EvaluationError(.overflow, "integer overflow in '-'", range: e.range) }
                return .integer(r)
            case .number(let x): return .number(-x)
            case let v: throw mismatch("'-' expects an integer or number, found \(v.kindName)", operand.range)
            }
        case .binary(.and, let l, let r):
            guard try boolean(l, for: "and") else { return .boolean(false) }
            return .boolean(try boolean(r, for: "and"))
        case .binary(.or, let l, let r):
            if try boolean(l, for: "or") { return .boolean(true) }
            return .boolean(try boolean(r, for: "or"))
        case .binary(let op, let l, let r):
            return try binary(op, try evaluate(l), try evaluate(r), e)
        }
    }

    private func boolean(_ e: Expr, for op: String) throws(EvaluationError) -> Bool {
        let v = try evaluate(e)
        guard case .boolean(let b) = v else { throw mismatch("'\(op)' expects boolean operands, found \(v.kindName)", e.range) }
        return b
    }

    private func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ e: Expr) throws(EvaluationError) -> Value {
        switch op {
        case .equal, .notEqual:
            let same = try equal(a, b, e)
            return .boolean(op == .equal ? same : !same)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order = try compare(a, b, op, e)
            switch op {
            case .less: return .boolean(order < 0)
            case .lessOrEqual: return .boolean(order <= 0)
            case .greater: return .boolean(order > 0)
            default: return .boolean(order >= 0)
            }
        case .in, .notIn:
            guard case .list(let items) = b else { throw mismatch("'\(op.symbol)' needs a list on the right, found \(b.kindName)", e.range) }
            var found = false
            for item in items {
                if try equal(a, item, e) {
                    found = true
                    break
                }
            }
            return .boolean(op == .in ? found : !found)
        case .add, .subtract, .multiply, .divide:
            return try arithmetic(op, a, b, e)
        case .and, .or:
            throw mismatch("'\(op.symbol)' expects boolean operands", e.range)  // handled in evaluate
        }
    }

    /// Equality as the language defines it: integer and number compare by value.
    private func equal(_ a: Value, _ b: Value, _ e: Expr) throws(EvaluationError) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.integer, .integer), (.integer, .number), (.number, .integer), (.number, .number):
            return try compare(a, b, .equal, e) == 0
        case (.list(let xs), .list(let ys)):
            guard xs.count == ys.count else { return false }
            for (x, y) in zip(xs, ys) {
                if !(try equal(x, y, e)) { return false }
            }
            return true
        default:
            throw mismatch("cannot compare \(a.kindName) with \(b.kindName)", e.range)
        }
    }

    /// -1, 0 or 1.
    private func compare(_ a: Value, _ b: Value, _ op: BinaryOperator, _ e: Expr) throws(EvaluationError) -> Int {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return sign(x, y)
        case (.number(let x), .number(let y)): return sign(x, y)
        case (.integer(let x), .number(let y)): return Evaluator.compare(x, y)
        case (.number(let x), .integer(let y)): return -Evaluator.compare(y, x)
        case (.date(let x), .date(let y)): return sign(x, y)
        case (.string(let x), .string(let y)): return sign(x, y)
        default:
            throw mismatch("'\(op.symbol)' cannot compare \(a.kindName) with \(b.kindName)", e.range)
        }
    }

    /// Exact comparison of an integer with a finite double (no rounding of large integers).
    static func compare(_ i: Int, _ d: Double) -> Int {
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = d.rounded(.down)
        let w = Int(whole)
        if i != w { return i < w ? -1 : 1 }
        return d > whole ? -1 : 0
    }

    private func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, _ e: Expr) throws(EvaluationError) -> Value {
        let overflow = EvaluationError(.overflow, "integer overflow in '\(op.symbol)'", range: e.range)
        switch (op, a, b) {
        case (.divide, _, _):
            guard let x = Evaluator.double(a), let y = Evaluator.double(b) else { break }
            if y == 0 { throw EvaluationError(.divisionByZero, "division by zero", range: e.range) }
            return try finite(x / y, op, e)
        case (_, .integer(let x), .integer(let y)):
            let (r, o): (Int, Bool)
            switch op {
            case .add: (r, o) = x.addingReportingOverflow(y)
            case .subtract: (r, o) = x.subtractingReportingOverflow(y)
            default: (r, o) = x.multipliedReportingOverflow(by: y)
            }
            if o { throw overflow }
            return .integer(r)
        case (.add, .string(let x), .string(let y)):
            return .string(x + y)
        case (.add, .date(let d), .integer(let n)), (.subtract, .date(let d), .integer(let n)):
            let (delta, o1) = op == .add ? (n, false) : 0.subtractingReportingOverflow(n)
            let (day, o2) = d.daysSinceEpoch.addingReportingOverflow(delta)
            guard !o1, !o2, (Evaluator.firstDay...Evaluator.lastDay).contains(day) else {
                throw EvaluationError(.overflow, "date out of range; dates run from 0001-01-01 to 9999-12-31", range: e.range)
            }
            return .date(CivilDate(daysSinceEpoch: day))
        case (.subtract, .date(let x), .date(let y)):
            let (days, o) = x.daysSinceEpoch.subtractingReportingOverflow(y.daysSinceEpoch)
            if o { throw overflow }
            return .integer(days)
        default:
            break
        }
        guard let x = Evaluator.double(a), let y = Evaluator.double(b) else {
            throw mismatch("cannot apply '\(op.symbol)' to \(a.kindName) and \(b.kindName)", e.range)
        }
        switch op {
        case .add: return try finite(x + y, op, e)
        case .subtract: return try finite(x - y, op, e)
        default: return try finite(x * y, op, e)
        }
    }

    private static func double(_ v: Value) -> Double? {
        switch v {
        case .integer(let n): return Double(n)
        case .number(let x): return x
        default: return nil
        }
    }

    private func finite(_ x: Double, _ op: BinaryOperator, _ e: Expr) throws(EvaluationError) -> Value {
        guard x.isFinite else { throw EvaluationError(.overflow, "number overflow in '\(op.symbol)'", range: e.range) }
        return .number(x)
    }

    private func call(_ name: String, _ arguments: [Expr], _ e: Expr) throws(EvaluationError) -> Value {
        guard Expression.functionNames.contains(name) else {
            throw EvaluationError(.invalidCall, "unknown function '\(name)'", range: e.nameRange)
        }
        if name == "given" {
            guard arguments.count == 1, case .field(let field) = arguments[0].kind else {
                throw EvaluationError(.invalidCall, "given() expects a field id such as given(floor-area)", range: e.range)
            }
            return .boolean(context.fields[field] != nil)
        }
        if name == "if" {
            guard arguments.count == 3 else {
                throw EvaluationError(.invalidCall, "if() expects 3 arguments, found \(arguments.count)", range: e.range)
            }
            // Only the chosen value is evaluated: the other may lack its fields.
            return try evaluate(arguments[try boolean(arguments[0], for: "if") ? 1 : 2])
        }
        let arity = name == "today" ? 0 : 1
        guard arguments.count == arity else {
            let expected = arity == 0 ? "no arguments" : "1 argument"
            throw EvaluationError(.invalidCall, "\(name)() expects \(expected), found \(arguments.count)", range: e.range)
        }
        if name == "today" { return .date(context.today) }
        let argument = arguments[0]
        switch name {
        case "has":
            guard case .field(let material) = argument.kind else {
                throw EvaluationError(.invalidCall, "has() expects a material id such as has(id-card-copy)", range: argument.range)
            }
            return .boolean(context.submittedMaterials.contains(material))
        case "date":
            guard case .string(let text) = argument.kind else {
                throw EvaluationError(.invalidCall, "date() expects a quoted date such as date('2025-01-01')", range: argument.range)
            }
            guard let d = CivilDate(iso: text) else {
                throw EvaluationError(.invalidDate, Evaluator.invalidDateMessage(text), range: argument.range)
            }
            return .date(d)
        case "len":
            let v = try evaluate(argument)
            guard case .string(let s) = v else { throw mismatch("len() expects a string, found \(v.kindName)", argument.range) }
            return .integer(s.count)
        default:  // age, birthdate
            let v = try evaluate(argument)
            guard case .string(let s) = v else {
                throw mismatch("\(name)() expects a resident id string, found \(v.kindName)", argument.range)
            }
            let id: ResidentID
            switch ResidentID.validate(s) {
            case .success(let valid): id = valid
            case .failure(let error):
                throw EvaluationError(.invalidResidentID, "invalid resident id: \(error.message)", range: argument.range)
            }
            if name == "birthdate" { return .date(id.birthDate) }
            guard id.birthDate <= context.today else {
                throw EvaluationError(
                    .invalidResidentID,
                    "invalid resident id: birth date \(id.birthDate) is after the evaluation date \(context.today)",
                    range: argument.range)
            }
            return .integer(id.age(on: context.today))
        }
    }
}
