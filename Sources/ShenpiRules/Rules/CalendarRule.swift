import ShenpiLanguage
import ShenpiSyntax

/// `unknown-calendar` and `calendar-unit`: the flow's calendar must be one
/// Shenpi has data for (see calendar.md), and a limit in hours needs a
/// calendar with office hours — otherwise no due instant can be computed.
/// A calendar whose file `<id>.cal` was left out for its own error is not
/// reported again on every flow that names it.
public struct CalendarRule: Rule {
    public let id = "unknown-calendar"
    public static let unitRule = "calendar-unit"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let cal = c.flow.calendar else { return [] }
        guard c.calendars.ids.contains(cal.value) else {
            // Its file has an error of its own (calendar-data), reported once there.
            if c.calendars.brokenFiles.contains(cal.value + ".cal") { return [] }
            var message = "unknown calendar \"\(cal.value)\""
            if let hint = suggestion(for: cal.value, among: c.calendars.ids) {
                message += "; \(hint)"
            } else {
                message += "; known calendars: " + c.calendars.ids.joined(separator: ", ")
            }
            return [c.diagnostic(id, .error, message, at: cal.range)]
        }
        guard !c.calendars.withOfficeHours.contains(cal.value) else { return [] }
        var hourly: [Located<Duration>] = [c.flow.limits.legal, c.flow.limits.promised, c.flow.limits.warnBefore].compactMap { $0 }
        for entry in c.index.steps {
            switch entry.step.kind {
            case .task(let t):
                hourly += [t.limit, t.warnBefore].compactMap { $0 }
                hourly += t.decisions.compactMap(\.extend)
            case .wait(let d?): hourly.append(d)
            default: break
            }
        }
        return hourly.filter { $0.value.unit == .hours }.map {
            c.diagnostic(Self.unitRule, .error, "\($0.value) needs office hours, and calendar \"\(cal.value)\" defines none; use workdays or a calendar with office hours", at: $0.range)
        }
    }
}
