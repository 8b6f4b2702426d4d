import ShenpiLanguage
import ShenpiSyntax

/// `deadline-exceeded`: the worst-case path through the flow takes longer
/// than the case may (the promised limit, or the legal one for an immediate
/// item), so the center's promise cannot be kept when every step uses its
/// limit. The path is computed by `DeadlineAnalysis`: sequences add, parallel
/// blocks and routes take their worst branch or arm, waits and sub-flow calls
/// count, time while the clock is paused does not, loops count once. The
/// message names the critical path with what each step contributes. A path
/// holding a step that alone exceeds the case limit is left to
/// `step-limit-above-case-limit`; a flow whose durations cannot be compared
/// with its limit (hours without office hours) is not analysed.
public struct DeadlineExceededRule: Rule {
    public let id = "deadline-exceeded"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let a = DeadlineAnalysis(c), a.exceeded else { return [] }
        let alone = a.worstCase.segments.contains { s in
            guard let limit = c.index.stepByID[s.step]?.step.task?.limit else { return false }
            return Duration.compare(limit.value, a.budget.value, minutesPerWorkday: c.minutesPerWorkday) == .greater
        }
        if alone { return [] }
        let whole = a.measure.whole(a.worstCase.ticks) != nil
        var notes: [DiagnosticNote] = []
        if a.worstCase.segments.contains(where: \.countsCalendarDays) {
            notes.append(DiagnosticNote("calendar days are counted as the same number of workdays (a calendar day holds at most one workday)"))
        }
        let message = "worst-case path takes \(a.measure.format(a.worstCase.ticks)), over \(a.limitText(hours: !whole)): \(a.worstCase.text)"
        return [c.diagnostic(id, .error, message, at: a.budget.range, notes: notes)]
    }
}
