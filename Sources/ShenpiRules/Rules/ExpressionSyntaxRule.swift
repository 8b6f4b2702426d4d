import ShenpiLanguage
import ShenpiSyntax

/// `expression-syntax`: a `when:` condition or a fee's `amount` that does not parse, pointed at
/// the exact column inside the condition, saying what was expected.
public struct ExpressionSyntaxRule: Rule {
    public let id = "expression-syntax"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        let conditions = c.index.allExpressions(c.flow).map { ($0, "condition") }
        let amounts = c.index.allFeeAmounts(c.flow).map { ($0, "fee amount") }
        return (conditions + amounts).compactMap { e, what in
            guard let err = e.parseError else { return nil }
            return c.diagnostic(id, .error, "in \(what): \(err.message)", at: e.range(of: err.range))
        }
    }
}
