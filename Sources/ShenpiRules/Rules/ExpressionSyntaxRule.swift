import ShenpiLanguage
import ShenpiSyntax

/// `expression-syntax`: a `when:` condition that does not parse, pointed at
/// the exact column inside the condition, saying what was expected.
public struct ExpressionSyntaxRule: Rule {
    public let id = "expression-syntax"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        c.index.allExpressions(c.flow).compactMap { e in
            guard let err = e.parseError else { return nil }
            return c.diagnostic(id, .error, "in condition: \(err.message)", at: e.range(of: err.range))
        }
    }
}
