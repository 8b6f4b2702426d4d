import ShenpiLanguage
import ShenpiSyntax

/// `promised-above-legal`: the center's promise (承诺时限) must not be longer
/// than the legal limit (法定时限); a promise is a shorter, not a longer, limit.
public struct PromisedAboveLegalRule: Rule {
    public let id = "promised-above-legal"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let legal = c.flow.limits.legal, let promised = c.flow.limits.promised else { return [] }
        guard Duration.compare(promised.value, legal.value, minutesPerWorkday: c.minutesPerWorkday) == .greater else { return [] }
        return [c.diagnostic(id, .error, "promised limit \(promised.value) is longer than the legal limit \(legal.value)", at: promised.range,
            notes: [DiagnosticNote("legal limit set at \(legal.range.start)", range: legal.range)])]
    }
}
