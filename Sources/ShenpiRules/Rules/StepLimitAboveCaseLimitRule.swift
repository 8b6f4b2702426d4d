import ShenpiLanguage
import ShenpiSyntax

/// `step-limit-above-case-limit`: one step's limit (or a wait) is longer than the whole
/// case may take (the promised limit, or the legal one when there is no promise),
/// so the step alone would break the promise. A step only ever reached while
/// the clock is paused (after a `pause:` decision, before a `resume:`) is not
/// reported: its time does not count (Art. 45). A `warn-before` that is not
/// shorter than the limit it warns about is reported here too: it would turn
/// the step yellow from the start.
public struct StepLimitAboveCaseLimitRule: Rule {
    public let id = "step-limit-above-case-limit"
    public init() {}

    /// The task's limit or the wait's duration, when it is longer than the case limit.
    static func exceeding(_ step: Step, caseLimit: Duration, minutesPerWorkday: Int?) -> Located<Duration>? {
        let own: Located<Duration>?
        switch step.kind {
        case .task(let t): own = t.limit
        case .wait(let d): own = d
        default: own = nil
        }
        guard let own, Duration.compare(own.value, caseLimit, minutesPerWorkday: minutesPerWorkday) == .greater else { return nil }
        return own
    }

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let caseLimit = c.flow.limits.effective
        let which = c.flow.limits.promised != nil ? "promised" : "legal"
        if let limit = caseLimit, let warn = c.flow.limits.warnBefore,
            let cmp = Duration.compare(warn.value, limit.value, minutesPerWorkday: c.minutesPerWorkday), cmp != .less
        {
            out.append(c.diagnostic(id, .error, "\"warn-before\" \(warn.value) is not shorter than the \(which) limit \(limit.value)", at: warn.range))
        }
        let running = caseLimit == nil ? [] : DeadlineAnalysis.stepsWithClockRunning(c.flow, index: c.index)
        for entry in c.index.steps {
            let step = entry.step
            if let caseLimit, running.contains(step.id.value),
                let own = Self.exceeding(step, caseLimit: caseLimit.value, minutesPerWorkday: c.minutesPerWorkday)
            {
                let what = step.task != nil ? "step \"\(step.id.value)\" may take" : "wait \"\(step.id.value)\" lasts"
                out.append(c.diagnostic(id, .error, "\(what) \(own.value), longer than the case's \(which) limit \(caseLimit.value)", at: own.range,
                    notes: [DiagnosticNote("\(which) limit set at \(caseLimit.range.start)", range: caseLimit.range)]))
            }
            guard case .task(let task) = step.kind, let limit = task.limit else { continue }
            if let warn = task.warnBefore, let cmp = Duration.compare(warn.value, limit.value, minutesPerWorkday: c.minutesPerWorkday), cmp != .less {
                out.append(c.diagnostic(id, .error, "\"warn-before\" \(warn.value) of step \"\(step.id.value)\" is not shorter than its limit \(limit.value)", at: warn.range))
            }
        }
        return out
    }
}
