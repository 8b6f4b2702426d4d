import ShenpiLanguage
import ShenpiSyntax

/// `branch-escapes-block`: a decision inside a parallel branch names a step
/// outside that branch, a step outside names one inside a branch, or `done`
/// is used outside any branch. Branches meet only at their join; a jump
/// across would leave the join counting a branch that is gone. (Naming an
/// outcome from a branch is allowed: it ends the case and cancels the rest.)
public struct BranchEscapesBlockRule: Rule {
    public let id = "branch-escapes-block"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            let own = entry.scope
            let targets: [Located<String>]
            if case .parallel = entry.step.kind {
                targets = entry.step.next.map { [$0] } ?? []  // a block's next is outside it, at the block's own level
            } else {
                targets = FlowIndex.targets(of: entry.step)
            }
            for t in targets {
                if t.value == branchDoneTarget {
                    if own.branch == nil {
                        out.append(c.diagnostic(id, .error, "\"done\" ends a parallel branch, but \(entry.step.kindName) \"\(entry.step.id.value)\" is not in one", at: t.range))
                    }
                    continue
                }
                guard let target = c.index.stepByID[t.value], target.scope != own else { continue }
                let message: String
                if let branch = own.branch {
                    message = "\"\(t.value)\" is outside branch \"\(branch)\" of parallel block \"\(own.block ?? "")\"; a branch ends with \"done\" or an outcome"
                } else {
                    message = "\"\(t.value)\" is inside branch \"\(target.scope.branch ?? "")\" of parallel block \"\(target.scope.block ?? "")\"; enter a branch only through its block"
                }
                out.append(c.diagnostic(id, .error, message, at: t.range,
                    notes: [DiagnosticNote("\"\(t.value)\" is defined at \(target.step.id.range.start)", range: target.step.id.range)]))
            }
        }
        return out
    }
}
