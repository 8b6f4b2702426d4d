import ShenpiLanguage
import ShenpiSyntax

/// `extension-ceiling`: a decision's `extend:` must fit the flow's own
/// ceiling, `limits.extension` (Art. 42: 10 days more, once, approved by the
/// head of the agency). A decision that extends past `max`, or at all under
/// `extension: none`, would be refused every time an officer took it.
public struct ExtensionCeilingRule: Rule {
    public let id = "extension-ceiling"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let ceiling = c.flow.limits.extensionCeiling else { return [] }
        let note = DiagnosticNote("limits.extension set at \(ceiling.range.start)", range: ceiling.range)
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind else { continue }
            for d in task.decisions {
                guard let extend = d.extend else { continue }
                if ceiling.isNone {
                    out.append(c.diagnostic(id, .error,
                        "decision \"\(d.name.value)\" extends the case limit by \(extend.value), but the flow allows no extension (limits.extension: none)",
                        at: extend.range, notes: [note]))
                } else if let max = ceiling.max, max.value.unit == extend.value.unit, extend.value.amount > max.value.amount {
                    out.append(c.diagnostic(id, .error,
                        "decision \"\(d.name.value)\" extends the case limit by \(extend.value), more than the flow's ceiling of \(max.value) in all (limits.extension.max)",
                        at: extend.range, notes: [note]))
                }
            }
        }
        return out
    }
}
