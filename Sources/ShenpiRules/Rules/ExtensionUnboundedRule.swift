import ShenpiLanguage
import ShenpiSyntax

/// `extension-unbounded`: a flow whose decisions extend the case limit but
/// that sets no `limits.extension`. Without it, any officer of a step still
/// ahead may extend the limit through the API, as often and as far as they
/// like; Art. 42 allows 10 more days, approved by the head of the agency.
public struct ExtensionUnboundedRule: Rule {
    public let id = "extension-unbounded"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard c.flow.limits.extensionCeiling == nil else { return [] }
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind else { continue }
            for d in task.decisions {
                guard let extend = d.extend else { continue }
                let unit = c.flow.limits.effective?.value.unit ?? extend.value.unit
                out.append(c.diagnostic(id, .warning,
                    "decision \"\(d.name.value)\" extends the case limit, but the flow sets no limits.extension, so an officer of any later step "
                        + "may extend, as often and as far as they like; add limits.extension: { max: 10 \(unit.rawValue), by: <the head's role>, times: 1 } (Art. 42)",
                    at: extend.range))
            }
        }
        return out
    }
}
