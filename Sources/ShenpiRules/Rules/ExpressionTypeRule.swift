import ShenpiLanguage
import ShenpiSyntax

/// `expression-type`: a condition that parses but does not type-check against
/// the declared fields — comparing a date with a number, an enum with a word
/// it does not allow, a condition that is not a boolean. Unknown fields and
/// materials inside a condition are reported as `undefined-reference`.
public struct ExpressionTypeRule: Rule {
    public let id = "expression-type"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        let env = c.index.expressionEnvironment()
        var out: [Diagnostic] = []
        for e in c.index.allExpressions(c.flow) {
            guard let expr = e.expr else { continue }
            for err in checkCondition(expr, environment: env) {
                let rule: String
                switch err.kind {
                case .syntax: continue  // reported by expression-syntax
                case .type: rule = id
                case .undefinedField, .undefinedMaterial: rule = UndefinedReferenceRule().id
                }
                out.append(c.diagnostic(rule, .error, "in condition: \(err.message)", at: e.range(of: err.range)))
            }
        }
        return out
    }
}
