import ShenpiCalendar

/// What names an expression may use: the flow's fields with their types and its material ids.
public struct ExpressionEnvironment: Hashable, Sendable {
    public var fields: [String: ValueType]
    public var materials: Set<String>

    public init(fields: [String: ValueType] = [:], materials: Set<String> = []) {
        self.fields = fields
        self.materials = materials
    }
}

/// The type of `expr` and every type error in it. The type is `nil` when it
/// cannot be determined; it can be non-nil even when there are errors (e.g.
/// `a and b` is boolean whatever `a` is).
public func typeCheck(_ expr: Expr, environment: ExpressionEnvironment) -> (ValueType?, [ExpressionError]) {
    var checker = TypeChecker(environment: environment)
    let type = checker.check(expr)
    return (type, checker.errors)
}

/// Checks a parsed `when:` condition: type errors, then that it is a boolean.
public func checkCondition(_ expr: Expr, environment: ExpressionEnvironment) -> [ExpressionError] {
    var (type, errors) = typeCheck(expr, environment: environment)
    if let type, type != .boolean {
        errors.append(ExpressionError(.type, "condition must be a boolean, found \(type)", range: expr.range))
    }
    return errors
}

/// Parses and checks a `when:` condition; empty when it is well-formed.
public func checkCondition(text: String, environment: ExpressionEnvironment) -> [ExpressionError] {
    switch Expression.parse(text) {
    case .failure(let error): return [error]
    case .success(let expr): return checkCondition(expr, environment: environment)
    }
}

struct TypeChecker {
    let environment: ExpressionEnvironment
    var errors: [ExpressionError] = []

    init(environment: ExpressionEnvironment) {
        self.environment = environment
    }

    private mutating func report(_ kind: ExpressionError.Kind, _ message: String, at range: Range<Int>) {
        errors.append(ExpressionError(kind, message, range: range))
    }

    private mutating func report(_ message: String, at range: Range<Int>) {
        report(.type, message, at: range)
    }

    mutating func check(_ e: Expr) -> ValueType? {
        switch e.kind {
        case .integer: return .integer
        case .number: return .number
        case .string: return .string
        case .boolean: return .boolean
        case .field(let name): return field(name, at: e.range)
        case .list(let elements): return list(elements, at: e.range)
        case .call(let name, let arguments): return call(name, arguments, e)
        case .unary(.not, let operand):
            if let t = check(operand), t != .boolean {
                report("'not' expects a boolean, found \(t)", at: operand.range)
            }
            return .boolean
        case .unary(.negate, let operand):
            guard let t = check(operand) else { return nil }
            guard t.isNumeric else {
                report("'-' expects an integer or number, found \(t)", at: operand.range)
                return nil
            }
            return t
        case .binary(let op, let l, let r):
            return binary(op, l, r, e)
        }
    }

    private mutating func field(_ name: String, at range: Range<Int>) -> ValueType? {
        if let t = environment.fields[name] { return t }
        var message = "unknown field \"\(name)\""
        if Expression.functionNames.contains(name) {
            message += "; '\(name)' is a function: call it with parentheses"
        } else if let owner = environment.fields.keys.sorted().first(where: { key in
            if case .enumeration(let values) = environment.fields[key] { return values.contains(name) }
            return false
        }) {
            message += "; \"\(name)\" is a value of enum field \"\(owner)\": quote it, '\(name)'"
        } else if let (a, b) = subtractionReading(name) {
            message += "; to subtract, put spaces around '-': \(a) - \(b)"
        } else if let hint = suggestion(for: name, among: environment.fields.keys.sorted()) {
            message += "; " + hint
        } else if environment.fields.isEmpty {
            message += "; the flow declares no fields"
        } else if environment.fields.count <= 12 {
            message += "; the flow's fields are " + environment.fields.keys.sorted().joined(separator: ", ")
        }
        report(.undefinedField, message, at: range)
        return nil
    }

    /// `a-b` read as `a - b` when that makes sense: `a` is a field, `b` a field or a number.
    private func subtractionReading(_ name: String) -> (String, String)? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return nil }
        for cut in 1..<parts.count {
            let a = parts[..<cut].joined(separator: "-"), b = parts[cut...].joined(separator: "-")
            if environment.fields[a] != nil && (environment.fields[b] != nil || Int(b) != nil) { return (a, b) }
        }
        return nil
    }

    private mutating func list(_ elements: [Expr], at range: Range<Int>) -> ValueType? {
        guard !elements.isEmpty else {
            report("an empty list has no element type; write at least one element", at: range)
            return nil
        }
        var types: [ValueType] = []
        for element in elements {
            if let t = check(element) { types.append(t) }
        }
        guard types.count == elements.count else { return nil }
        var element = types[0]
        for (i, t) in types.enumerated().dropFirst() {
            guard let u = element.unified(with: t) else {
                report("list elements must have one type; found \(element) and \(t)", at: elements[i].range)
                return nil
            }
            element = u
        }
        return .list(element)
    }

    private mutating func call(_ name: String, _ arguments: [Expr], _ e: Expr) -> ValueType? {
        let arity = name == "today" ? 0 : 1
        guard Expression.functionNames.contains(name) else {
            report("unknown function '\(name)'; expected one of \(Expression.functionNames.joined(separator: ", "))", at: e.nameRange)
            return nil
        }
        if name == "if" { return choice(arguments, e) }
        if name == "given" {
            guard arguments.count == 1, case .field = arguments[0].kind else {
                report("given() expects a field id such as given(floor-area)", at: e.range)
                return .boolean
            }
            _ = check(arguments[0])  // an unknown field is reported there
            return .boolean
        }
        let result: ValueType
        switch name {
        case "age": result = .integer
        case "birthdate", "today", "date": result = .date
        case "has": result = .boolean
        default: result = .integer  // len
        }
        guard arguments.count == arity else {
            let expected = arity == 0 ? "no arguments" : "1 argument"
            report("\(name)() expects \(expected), found \(arguments.count)", at: e.range)
            if name != "has" { for a in arguments { _ = check(a) } }
            return result
        }
        guard let argument = arguments.first else { return result }
        switch name {
        case "age", "birthdate":
            if let t = check(argument), t != .residentID {
                report("\(name)() expects a resident-id field, found \(t)", at: argument.range)
            }
        case "len":
            if let t = check(argument), t != .string {
                report("len() expects a string, found \(t)", at: argument.range)
            }
        case "has":
            guard case .field(let material) = argument.kind else {
                report("has() expects a material id such as has(id-card-copy)", at: argument.range)
                break
            }
            if !environment.materials.contains(material) {
                var message = "unknown material \"\(material)\""
                if let hint = suggestion(for: material, among: environment.materials.sorted()) { message += "; " + hint }
                report(.undefinedMaterial, message, at: argument.range)
            }
        default:  // date
            guard case .string(let text) = argument.kind else {
                report("date() expects a quoted date such as date('2025-01-01')", at: argument.range)
                break
            }
            if CivilDate(iso: text) == nil {
                report(Evaluator.invalidDateMessage(text), at: argument.range)
            }
        }
        return result
    }

    /// `if(condition, then, else)`: a boolean, then two values of one type
    /// (an integer and a number make a number).
    private mutating func choice(_ arguments: [Expr], _ e: Expr) -> ValueType? {
        let types = arguments.map { check($0) }
        guard arguments.count == 3 else {
            report("if() expects 3 arguments (a condition, the value when it holds, the value otherwise), found \(arguments.count)", at: e.range)
            return nil
        }
        if let c = types[0], c != .boolean { report("if() expects a boolean condition first, found \(c)", at: arguments[0].range) }
        guard let a = types[1], let b = types[2] else { return types[1] ?? types[2] }
        if a == b { return a }
        if Set([a, b]) == [.integer, .number] { return .number }
        report("if() gives \(a) or \(b); both values must have one type", at: e.range)
        return nil
    }

    private mutating func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ e: Expr) -> ValueType? {
        let lt = check(l), rt = check(r)
        switch op {
        case .and, .or:
            for (t, operand) in [(lt, l), (rt, r)] {
                if let t, t != .boolean { report("'\(op.symbol)' expects boolean operands, found \(t)", at: operand.range) }
            }
            return .boolean
        case .equal, .notEqual:
            guard let lt, let rt else { return .boolean }
            guard lt.isComparable(with: rt) else {
                report("cannot compare \(lt) with \(rt)", at: e.range)
                return .boolean
            }
            checkEnumerationLiterals(of: lt, owner: l, against: r)
            checkEnumerationLiterals(of: rt, owner: r, against: l)
            return .boolean
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let lt, let rt else { return .boolean }
            let orderable: (ValueType) -> Bool = { $0.isNumeric || $0 == .date || $0 == .string }
            if let (t, operand) = [(lt, l), (rt, r)].first(where: { !orderable($0.0) }) {
                report("'\(op.symbol)' needs integer, number, date or string operands, found \(t)", at: operand.range)
            } else if !lt.isComparable(with: rt) {
                report("cannot compare \(lt) with \(rt)", at: e.range)
            }
            return .boolean
        case .in, .notIn:
            guard let lt, let rt else { return .boolean }
            guard case .list(let element) = rt else {
                report("'\(op.symbol)' needs a list on the right, found \(rt)", at: r.range)
                return .boolean
            }
            guard lt.isComparable(with: element) else {
                report("cannot look for \(lt) in a \(rt)", at: e.range)
                return .boolean
            }
            if case .list(let elements) = r.kind {
                for item in elements { checkEnumerationLiterals(of: lt, owner: l, against: item) }
            }
            checkEnumerationLiterals(of: element, owner: r, against: l)
            return .boolean
        case .add, .subtract, .multiply, .divide:
            guard let lt, let rt else { return nil }
            guard let result = Self.arithmetic(op, lt, rt) else {
                report("cannot apply '\(op.symbol)' to \(lt) and \(rt)", at: e.range)
                return nil
            }
            return result
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ lt: ValueType, _ rt: ValueType) -> ValueType? {
        switch (op, lt, rt) {
        case (.divide, _, _): return lt.isNumeric && rt.isNumeric ? .number : nil
        case (_, .integer, .integer): return .integer
        case _ where lt.isNumeric && rt.isNumeric: return .number
        case (.add, .string, .string): return .string
        case (.add, .date, .integer), (.subtract, .date, .integer): return .date
        case (.subtract, .date, .date): return .integer
        default: return nil
        }
    }

    /// Reports string literals in `other` that are not values of the
    /// enumeration `type` (or of a list of it, against a list literal).
    private mutating func checkEnumerationLiterals(of type: ValueType, owner: Expr, against other: Expr) {
        switch (type, other.kind) {
        case (.enumeration(let values), .string(let s)) where !values.contains(s):
            let of: String
            if case .field(let name) = owner.kind { of = "of \"\(name)\"" } else { of = "of the enumeration" }
            let allowed = values.isEmpty ? "it has no values" : "expected one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
            report("\"\(s)\" is not a value \(of); \(allowed)", at: other.range)
        case (.list(let element), .list(let items)):
            for item in items { checkEnumerationLiterals(of: element, owner: owner, against: item) }
        default:
            break
        }
    }
}
