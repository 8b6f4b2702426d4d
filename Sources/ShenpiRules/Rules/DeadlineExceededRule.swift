import ShenpiLanguage
import ShenpiSyntax

/// `deadline-exceeded`: the worst-case path through the flow takes longer
/// than the case may (the promised limit, or the legal one when there is no
/// promise), so the center's promise cannot be kept when every step uses its
/// limit. The path is computed by `DeadlineAnalysis`: sequences add, parallel
/// blocks last until their join fires, routes take their worst arm, waits
/// and sub-flow calls count, time while the clock is paused does not, each
/// loop whose clock runs counts one round. The message names the critical
/// path with what each step contributes. A worst-case path holding a task
/// or wait outside parallel blocks whose counted time alone exceeds the case
/// limit is left to `step-limit-above-case-limit`, which reports that step.
/// Against a limit in calendar days, workdays count as that many days, a
/// lower bound ("takes at least"); a flow whose durations cannot be compared
/// with its limit (hours without office hours, hours against calendar days)
/// is not analysed.
public struct DeadlineExceededRule: Rule {
    public let id = "deadline-exceeded"
    public init() {}

    /// Whether `step-limit-above-case-limit` reports a step on the worst-case path instead.
    static func leftToStepLimit(_ a: DeadlineAnalysis, _ c: RuleContext) -> Bool {
        a.worstCase.segments.contains { s in
            guard s.ticks > a.budgetTicks, let step = c.index.stepByID[s.step]?.step else { return false }
            return StepLimitAboveCaseLimitRule.exceeding(step, caseLimit: a.budget.value, minutesPerWorkday: c.minutesPerWorkday) != nil
        }
    }

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let a = DeadlineAnalysis(c), a.exceeded, !Self.leftToStepLimit(a, c) else { return [] }
        let whole = a.measure.whole(a.worstCase.ticks) != nil
        var notes: [DiagnosticNote] = []
        if a.worstCase.segments.contains(where: \.countsCalendarDays) {
            notes.append(DiagnosticNote("calendar days are counted as the same number of workdays (a calendar day holds at most one workday)"))
        }
        if a.isLowerBound {
            notes.append(DiagnosticNote("workdays are counted as the same number of calendar days (N workdays take at least N calendar days)"))
        }
        let takes = a.isLowerBound ? "takes at least" : "takes"
        let message = "worst-case path \(takes) \(a.measure.format(a.worstCase.ticks)), over \(a.limitText(hours: !whole)): \(a.worstCase.text)"
        return [c.diagnostic(id, .error, message, at: a.budget.range, notes: notes)]
    }
}
