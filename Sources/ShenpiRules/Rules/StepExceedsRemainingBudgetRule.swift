import ShenpiLanguage
import ShenpiSyntax

/// `step-exceeds-remaining-budget` (warning): on the worst-case path to a
/// step (see `DeadlineAnalysis`), less of the case limit is left when the
/// step starts than the step's own limit, so the step cannot use its limit
/// without breaking the promise. Reported at the first step of a path that
/// crosses the limit — the place to shorten — only when the whole worst case
/// is over the limit, usually next to the `deadline-exceeded` error (which
/// leaves a path holding a step longer than the whole case to
/// `step-limit-above-case-limit`). A task or wait longer than the whole case
/// is `step-limit-above-case-limit` instead. A step in a parallel branch
/// counts only until the join fires without its branch: a branch the join
/// does not wait for is cancelled then.
public struct StepExceedsRemainingBudgetRule: Rule {
    public let id = "step-exceeds-remaining-budget"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        // Only a path over the limit can hold a step that crosses it.
        guard let a = DeadlineAnalysis(c), a.exceeded else { return [] }
        let starts = a.starts()
        var called: [String: Duration] = [:]
        for (id, s) in c.catalog.flows { if let l = s.first?.limit { called[id] = l } }
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            let step = entry.step
            guard let start = starts[step.id.value], let d = DeadlineAnalysis.duration(of: step, called: called),
                let range = Self.range(of: step), let ticks = a.measure.ticks(d)
            else { continue }
            if StepLimitAboveCaseLimitRule.exceeding(step, caseLimit: a.budget.value, minutesPerWorkday: c.minutesPerWorkday) != nil { continue }
            let end = min(start.ticks + ticks, start.cutoff ?? .max)
            guard start.ticks <= a.budgetTicks, end > a.budgetTicks else { continue }
            var message = "step \"\(step.id.value)\" may take \(d), more than the \(a.measure.format(a.budgetTicks - start.ticks)) left of \(a.limitText(hours: false)) when it starts"
            if !start.before.isEmpty {
                let path = DeadlinePath(ticks: start.ticks, segments: start.before)
                message += "; the worst-case path before it takes \(a.measure.format(start.ticks)): \(path.text)"
            }
            out.append(c.diagnostic(id, .warning, message, at: range))
        }
        return out
    }

    /// Where the step's duration is written.
    static func range(of step: Step) -> SourceRange? {
        switch step.kind {
        case .task(let t): return t.limit?.range
        case .wait(let d): return d?.range
        case .call(let call): return call.flow.range
        case .route, .parallel: return nil
        }
    }
}
