import ShenpiLanguage
import ShenpiSyntax

/// `guide-untitled` (warning): a flow written for publication (it has a
/// `guide:` section) leaves a task step, a parallel branch, an outcome or a
/// decision without a title, so its public service guide and diagram show
/// the internal id (`b2`, `approve`) where the public reads Chinese. A
/// decision is titled by its own `title:` or the flow's `decision-titles`.
/// Routes, waits, calls and parallel blocks have words of their own (条件分流,
/// 公示, the called item's title, 并联审批) and are not asked. One finding per
/// kind, naming every id, at the first.
public struct GuideUntitledRule: Rule {
    public let id = "guide-untitled"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard c.flow.guide != Guide() else { return [] }
        let titledDecisions = Set(c.flow.decisionTitles.map(\.value.value))
        var steps: [Located<String>] = []
        var branches: [Located<String>] = []
        var decisions: [Located<String>] = []
        var named: Set<String> = []
        for entry in c.index.steps {
            switch entry.step.kind {
            case .task(let task):
                if entry.step.title == nil { steps.append(entry.step.id) }
                for d in task.decisions where d.title == nil && !titledDecisions.contains(d.name.value) && named.insert(d.name.value).inserted {
                    decisions.append(d.name)
                }
            case .parallel(let block):
                branches += block.branches.filter { $0.title == nil }.map(\.id)
            default:
                break
            }
        }
        let outcomes = c.flow.outcomes.filter { $0.title == nil }.map(\.id)
        return [
            finding(c, "step", steps, fix: "give each a \"title:\""),
            finding(c, "branch", branches, fix: "give each a \"title:\" (the department's review, say)"),
            finding(c, "outcome", outcomes, fix: "give each a \"title:\""),
            finding(c, "decision", decisions, fix: "title them in \"decision-titles\" or with a decision's own \"title:\""),
        ].compactMap { $0 }
    }

    private func finding(_ c: RuleContext, _ kind: String, _ ids: [Located<String>], fix: String) -> Diagnostic? {
        guard let first = ids.first else { return nil }
        let list = ids.map { "\"\($0.value)\"" }.joined(separator: ", ")
        let what = ids.count == 1 ? "\(kind) \(list) has" : "\(kind)s \(list) have"
        return c.diagnostic(id, .warning, "\(what) no title, so the public service guide shows the id where the public reads Chinese; \(fix)",
                            at: first.range)
    }
}
