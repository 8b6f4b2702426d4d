import ShenpiLanguage
import ShenpiSyntax

/// `step-limit-above-case-limit`: one step's limit (or a wait) is longer than the whole
/// case may take (the promised limit, or the legal one for an immediate item),
/// so the step alone would break the promise. A `warn-before` that is not
/// shorter than the limit it warns about is reported here too: it would turn
/// the step yellow from the start.
public struct StepLimitAboveCaseLimitRule: Rule {
    public let id = "step-limit-above-case-limit"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let caseLimit = c.flow.limits.effective
        let which = c.flow.limits.promised != nil ? "promised" : "legal"
        if let limit = caseLimit, let warn = c.flow.limits.warnBefore,
            let cmp = Duration.compare(warn.value, limit.value, minutesPerWorkday: c.minutesPerWorkday), cmp != .less
        {
            out.append(c.diagnostic(id, .error, "\"warn-before\" \(warn.value) is not shorter than the \(which) limit \(limit.value)", at: warn.range))
        }
        for entry in c.index.steps {
            if case .wait(let wait?) = entry.step.kind, let caseLimit,
                Duration.compare(wait.value, caseLimit.value, minutesPerWorkday: c.minutesPerWorkday) == .greater
            {
                out.append(c.diagnostic(id, .error, "wait \"\(entry.step.id.value)\" lasts \(wait.value), longer than the case's \(which) limit \(caseLimit.value)", at: wait.range,
                    notes: [DiagnosticNote("\(which) limit set at \(caseLimit.range.start)", range: caseLimit.range)]))
            }
            guard case .task(let task) = entry.step.kind, let limit = task.limit else { continue }
            if let caseLimit, Duration.compare(limit.value, caseLimit.value, minutesPerWorkday: c.minutesPerWorkday) == .greater {
                out.append(c.diagnostic(id, .error, "step \"\(entry.step.id.value)\" may take \(limit.value), longer than the case's \(which) limit \(caseLimit.value)", at: limit.range,
                    notes: [DiagnosticNote("\(which) limit set at \(caseLimit.range.start)", range: caseLimit.range)]))
            }
            if let warn = task.warnBefore, let cmp = Duration.compare(warn.value, limit.value, minutesPerWorkday: c.minutesPerWorkday), cmp != .less {
                out.append(c.diagnostic(id, .error, "\"warn-before\" \(warn.value) of step \"\(entry.step.id.value)\" is not shorter than its limit \(limit.value)", at: warn.range))
            }
        }
        return out
    }
}
