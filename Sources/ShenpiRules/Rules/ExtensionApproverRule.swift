import ShenpiLanguage
import ShenpiSyntax

/// `extension-approver`: where the flow names who approves extensions
/// (`limits.extension.by`, the head of the agency under Art. 42), a decision
/// with `extend:` belongs on a step of that role, and is not the step's
/// `on-timeout` (a timeout approves nothing). Otherwise the flow would let
/// another officer, or the clock, extend what only the head may.
public struct ExtensionApproverRule: Rule {
    public let id = "extension-approver"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let ceiling = c.flow.limits.extensionCeiling, let by = ceiling.by else { return [] }
        let note = DiagnosticNote("extensions are approved by \(by.value), set at \(by.range.start)", range: by.range)
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind, let role = task.role else { continue }
            for d in task.decisions {
                guard let extend = d.extend else { continue }
                // An approver the registry lacks is undefined-reference's to report.
                if role.value != by.value, c.catalog.registry.map({ $0.role(by.value) != nil }) ?? true {
                    out.append(c.diagnostic(id, .error,
                        "decision \"\(d.name.value)\" extends the case limit, but step \"\(entry.step.id.value)\" is decided by \(role.value), "
                            + "and limits.extension says extensions are approved by \(by.value); move the decision to a step of \(by.value)",
                        at: extend.range, notes: [note]))
                }
                if let t = task.onTimeout, t.value == d.name.value {
                    out.append(c.diagnostic(id, .error,
                        "\"on-timeout\" takes decision \"\(d.name.value)\", which extends the case limit; an extension needs the approval of \(by.value), not a timeout",
                        at: t.range, notes: [note]))
                }
            }
        }
        return out
    }
}
