import ShenpiLanguage
import ShenpiSyntax

/// `unreachable-step` (warning): no decision, route, timeout or `next` can
/// bring a case to this step from the first one. Dead steps mislead readers of
/// the flow and of the public guide.
public struct UnreachableStepRule: Rule {
    public let id = "unreachable-step"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        // A dangling target is reported by undefined-reference; what lies behind it would be noise.
        if c.index.hasDanglingTargets { return [] }
        let reachable = FlowGraph(flow: c.flow, index: c.index).reachable()
        var out: [Diagnostic] = []
        var reported: Set<String> = []
        for entry in c.index.steps where !reachable.contains(entry.step.id.value) {
            // Report a whole unreachable block once, not each of its steps.
            if let block = entry.scope.block, reported.contains(block) { continue }
            reported.insert(entry.step.id.value)
            out.append(c.diagnostic(id, .warning, "\(entry.step.kindName) \"\(entry.step.id.value)\" can never be reached from the first step \"\(c.flow.steps.first?.id.value ?? "")\"", at: entry.step.id.range))
        }
        return out
    }
}
