import ShenpiLanguage
import ShenpiSyntax

/// `promised-above-legal`: the center's promise (承诺时限) must not be longer
/// than the legal limit (法定时限); a promise is a shorter, not a longer, limit.
/// Limits in other units are compared where the conversion is exact, and a
/// promise of N workdays against a legal limit of fewer than N calendar days
/// (N workdays take at least N calendar days).
public struct PromisedAboveLegalRule: Rule {
    public let id = "promised-above-legal"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let legal = c.flow.limits.legal, let promised = c.flow.limits.promised else { return [] }
        var notes = [DiagnosticNote("legal limit set at \(legal.range.start)", range: legal.range)]
        switch Duration.compare(promised.value, legal.value, minutesPerWorkday: c.minutesPerWorkday) {
        case .greater?:
            break
        case nil where promised.value.unit == .workdays && legal.value.unit == .days && promised.value.amount > legal.value.amount:
            // Not convertible, but bounded: N workdays take at least N calendar days.
            notes.append(DiagnosticNote("\(promised.value) take at least \(promised.value.amount) calendar days"))
        default:
            return []
        }
        return [c.diagnostic(id, .error, "promised limit \(promised.value) is longer than the legal limit \(legal.value)", at: promised.range,
            notes: notes)]
    }
}
