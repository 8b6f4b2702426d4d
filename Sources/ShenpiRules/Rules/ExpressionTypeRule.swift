import ShenpiCalendar
import ShenpiLanguage
import ShenpiSyntax

/// `expression-type`: a condition that parses but does not type-check against
/// the declared fields — comparing a date with a number, an enum with a word
/// it does not allow, a condition that is not a boolean, a fee amount that is
/// not a number. Unknown fields and
/// materials inside a condition are reported as `undefined-reference`.
public struct ExpressionTypeRule: Rule {
    public let id = "expression-type"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        let env = c.index.expressionEnvironment()
        var out: [Diagnostic] = []
        for e in c.index.allExpressions(c.flow) {
            guard let expr = e.expr else { continue }
            report(checkCondition(expr, environment: env), in: e, "condition", c, &out)
        }
        for e in c.index.allFeeAmounts(c.flow) {
            guard let expr = e.expr else { continue }
            let (type, errors) = typeCheck(expr, environment: env)
            report(errors, in: e, "fee amount", c, &out)
            if let type, type != .integer, type != .number {
                out.append(c.diagnostic(id, .error, "in fee amount: the amount must be a number of yuan, found \(type)", at: e.range(of: expr.range)))
            } else if errors.isEmpty, let problem = Self.constantProblem(expr) {
                out.append(c.diagnostic(id, .error, "in fee amount: \(problem)", at: e.range(of: expr.range)))
            }
        }
        return out
    }

    /// What is wrong with an amount that reads no field, material or date,
    /// so is the same for every case: negative, or not a number at all.
    static func constantProblem(_ expr: Expr) -> String? {
        guard expr.referencedFields.isEmpty, expr.referencedMaterials.isEmpty, !callsToday(expr) else { return nil }
        let context = EvaluationContext(fields: [:], submittedMaterials: [], today: CivilDate(year: 2000, month: 1, day: 1)!)
        do {
            switch try evaluate(expr, context: context) {
            case .integer(let n) where n < 0: return "the amount is \(n) yuan for every case; a fee is never negative"
            case .integer(let n) where n >= 10_000_000_000_000: return "the amount is \(n) yuan for every case, past 1e13 yuan"
            case .number(let x) where (-x * 100).rounded() >= 1: return "the amount is \(x) yuan for every case; a fee is never negative"
            case .number(let x) where x >= 1e13: return "the amount is \(x) yuan for every case, past 1e13 yuan"
            default: return nil
            }
        } catch {
            return "the amount cannot be worked out for any case: \(error.message)"
        }
    }

    static func callsToday(_ e: Expr) -> Bool {
        switch e.kind {
        case .integer, .number, .string, .boolean, .field: return false
        case .list(let items): return items.contains(where: callsToday)
        case .call(let name, let arguments): return name == "today" || arguments.contains(where: callsToday)
        case .unary(_, let operand): return callsToday(operand)
        case .binary(_, let l, let r): return callsToday(l) || callsToday(r)
        }
    }

    private func report(_ errors: [ExpressionError], in e: LocatedExpression, _ what: String, _ c: RuleContext, _ out: inout [Diagnostic]) {
        for err in errors {
            let rule: String
            switch err.kind {
            case .syntax: continue  // reported by expression-syntax
            case .type: rule = id
            case .undefinedField, .undefinedMaterial: rule = UndefinedReferenceRule().id
            }
            out.append(c.diagnostic(rule, .error, "in \(what): \(err.message)", at: e.range(of: err.range)))
        }
    }
}
