import ShenpiLanguage
import ShenpiSyntax

/// `intake-limit` (warning): Art. 32 gives a licensing authority 5 days
/// (working days, Art. 82) to accept an application, refuse it, or tell the
/// applicant at once everything to supply (一次性告知). An intake step (the
/// first task a case reaches, through routes and waits) of a `行政许可`
/// item without a `limit` leaves that unwatched: no warning, no deemed
/// acceptance, and the report's 逾期未受理 cannot see a silent window. One
/// over 5 working days (7 calendar days) is longer than the law allows.
/// Items of other kinds (行政确认, 行政征收, 公共服务) answer to other laws
/// and are not checked, nor the branches of a flow that starts with a
/// parallel block. A limit in hours is measured by the calendar's office
/// hours (5 working days of 7 hours are 35 hours), and not at all on a
/// calendar without them. 7 calendar days is a rule of thumb: a week with a
/// worked weekend day (调休) holds 6 working days.
public struct IntakeLimitRule: Rule {
    public let id = "intake-limit"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard c.flow.guide.itemType == "行政许可" else { return [] }
        let intake = DeferredMaterialNeverCheckedRule.intake(c.flow, c.index)
        return c.index.steps.compactMap { entry in
            let step = entry.step
            guard intake.contains(step.id.value), let task = step.task else { return nil }
            guard let limit = task.limit else {
                let deem = task.onTimeout == nil ? ", and on-timeout: <its accepting decision> for deemed acceptance" : ""
                return c.diagnostic(id, .warning,
                    "intake step \"\(step.id.value)\" of a 行政许可 item has no limit: Art. 32 gives 5 working days to accept, refuse, "
                        + "or tell the applicant at once everything to supply (一次性告知), and without a limit nobody is warned and "
                        + "the report cannot list a silent window (逾期未受理); add a limit of at most 5 workdays that the promised limit "
                        + "also holds (deadline-exceeded counts the intake)\(deem)",
                    at: step.id.range)
            }
            let allowed: Int
            switch limit.value.unit {
            case .workdays: allowed = 5
            case .days: allowed = 7
            case .hours:
                // Whole hours: a limit of 36 on a 7-hour day is over, one of 35 is not.
                guard let minutes = c.minutesPerWorkday else { return nil }
                allowed = 5 * minutes / 60
            }
            guard limit.value.amount > allowed else { return nil }
            return c.diagnostic(id, .warning,
                "the intake limit of \(limit.value) is more than Art. 32 allows (5 working days to accept, refuse, or tell the "
                    + "applicant at once everything to supply); if another law allows it, name it in a suppression comment: "
                    + "# shenpi-lint disable intake-limit -- <the law>",
                at: limit.range)
        }
    }
}
