import ShenpiCalendar
import ShenpiLanguage
import ShenpiSyntax

/// `promise-past-legal-limit` (warning): a promise in working days against a
/// legal limit in calendar days that the promise can outlast on some days
/// of the flow's calendar, though not on all (on all of them it is
/// [promised-above-legal]'s error). 12 workdays take 14 to over 20 calendar days
/// on `cn`, so against `legal: 15 days` a case accepted on most days and
/// finished on its promised day is already past the legal limit
/// (违法超期) — on time by the center's promise, late by the law's. The
/// legal limit's last day is rolled forward past days off (民法典 Art. 203),
/// as the engine reckons it.
public struct PromisePastLegalLimitRule: Rule {
    public let id = "promise-past-legal-limit"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let legal = c.flow.limits.legal, let promised = c.flow.limits.promised,
              promised.value.unit == .workdays, legal.value.unit == .days,
              let calendar = c.flow.calendar.flatMap({ c.calendars.calendars[$0.value] }) else { return [] }
        let (n, m) = (promised.value.amount, legal.value.amount)
        // Where the promise always outlasts it, promised-above-legal says so.
        guard n <= m, let shortest = calendar.shortestSpan(ofWorkdays: n), shortest <= m else { return [] }
        var past = 0, total = 0
        var example: (CivilDate, CivilDate, CivilDate)?
        var d = calendar.coverage.lowerBound
        while d <= calendar.coverage.upperBound {
            guard let promisedEnd = try? calendar.addingWorkdays(n, to: d).value,
                  let legalEnd = try? calendar.addingDays(m, to: d, rollingOffDaysForward: true).value else { break }
            total += 1
            if promisedEnd > legalEnd {
                past += 1
                // The latest such day: the one an author is likeliest to recognise.
                example = (d, promisedEnd, legalEnd)
            }
            d = d.adding(days: 1)
        }
        guard let (accepted, promisedEnd, legalEnd) = example else { return [] }
        return [c.diagnostic(id, .warning,
            "promised limit \(promised.value) can end after the legal limit \(legal.value): accepted on \(accepted), the promise runs to "
                + "\(promisedEnd) and the legal limit to \(legalEnd), so a case finished on its promised day is past the legal limit "
                + "(on \(past) of the \(total) days calendar \(calendar.id) covers)",
            at: promised.range,
            notes: [DiagnosticNote("legal limit set at \(legal.range.start)", range: legal.range),
                    DiagnosticNote("shorten the promise, or write the legal limit in workdays where the law counts working days (行政许可法 Art. 82)")])]
    }
}
