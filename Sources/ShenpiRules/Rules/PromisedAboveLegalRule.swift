import ShenpiLanguage
import ShenpiSyntax

/// `promised-above-legal`: the center's promise (承诺时限) must not be longer
/// than the legal limit (法定时限); a promise is a shorter, not a longer, limit.
/// Limits in other units are compared where the conversion is exact, and a
/// promise of N workdays against a legal limit in calendar days shorter than
/// N workdays ever take on the flow's calendar (12 workdays take at least 14
/// days on `cn`; at least N days where the calendar is not known).
public struct PromisedAboveLegalRule: Rule {
    public let id = "promised-above-legal"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let legal = c.flow.limits.legal, let promised = c.flow.limits.promised else { return [] }
        var notes = [DiagnosticNote("legal limit set at \(legal.range.start)", range: legal.range)]
        switch Duration.compare(promised.value, legal.value, minutesPerWorkday: c.minutesPerWorkday) {
        case .greater?:
            break
        case nil where promised.value.unit == .workdays && legal.value.unit == .days:
            // Not convertible, but bounded: N workdays take at least as many calendar
            // days as the calendar's data ever gives them, and never fewer than N.
            let id = c.flow.calendar?.value
            let calendar = id.flatMap { c.calendars.calendars[$0] }
            let span = max(promised.value.amount, calendar?.shortestSpan(ofWorkdays: promised.value.amount) ?? 0)
            guard span > legal.value.amount else { return [] }
            let on = calendar.map { " on calendar \($0.id) (\($0.coverage.lowerBound.year)–\($0.coverage.upperBound.year))" } ?? ""
            notes.append(DiagnosticNote("\(promised.value) take at least \(span) calendar days\(on)"))
        default:
            return []
        }
        return [c.diagnostic(id, .error, "promised limit \(promised.value) is longer than the legal limit \(legal.value)", at: promised.range,
            notes: notes)]
    }
}
