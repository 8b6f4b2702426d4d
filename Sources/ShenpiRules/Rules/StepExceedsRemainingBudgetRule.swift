import ShenpiLanguage
import ShenpiSyntax

/// `step-exceeds-remaining-budget` (warning): on the worst-case path to a
/// step (see `DeadlineAnalysis`), less of the case limit is left when the
/// step starts than the step's own limit, so the step cannot use its limit
/// without breaking the promise. Reported at the first step of a path that
/// crosses the limit — the place to shorten — next to the
/// `deadline-exceeded` error for the whole path. A task longer than the
/// whole case is `step-limit-above-case-limit` instead.
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
            if step.task != nil, Duration.compare(d, a.budget.value, minutesPerWorkday: c.minutesPerWorkday) == .greater { continue }
            guard start.ticks <= a.budgetTicks, start.ticks + ticks > a.budgetTicks else { continue }
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
