import ShenpiLanguage
import ShenpiSyntax

/// `unused-material` (warning): a declared material that no step checks and
/// no expression (a condition, a fee's amount) tests with `has(...)`. The law forbids asking for materials
/// unrelated to the item (Art. 31), so a material nobody looks at should go.
/// Silent while a step's `checks` or a condition cannot be read.
public struct UnusedMaterialRule: Rule {
    public let id = "unused-material"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        // A broken `checks` or condition is reported already; what it uses is unknown.
        // Fee amounts may test materials with has() too.
        let expressions = c.index.allExpressions(c.flow) + c.index.allFeeAmounts(c.flow)
        guard !c.flow.checksIncomplete, !c.flow.feesIncomplete, !expressions.contains(where: { $0.expr == nil }) else { return [] }
        var used: Set<String> = []
        for entry in c.index.steps {
            if case .task(let t) = entry.step.kind { used.formUnion(t.checks.map(\.value)) }
        }
        for e in expressions { if let expr = e.expr { used.formUnion(expr.referencedMaterials) } }
        return c.flow.materials.filter { !used.contains($0.id.value) }.map {
            c.diagnostic(id, .warning, "material \"\($0.id.value)\" is checked by no step; add it to a step's \"checks\" or remove it", at: $0.id.range)
        }
    }
}
