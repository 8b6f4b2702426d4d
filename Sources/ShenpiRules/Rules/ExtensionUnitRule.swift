import ShenpiLanguage
import ShenpiSyntax

/// `extension-unit`: a decision's `extend:` and the ceiling
/// `limits.extension.max` must be in the unit of the case limit they
/// lengthen (Art. 42 extends "10 days" of a limit counted in working days).
/// The engine adds the amount in the limit's own unit, so `extend: 3 days`
/// on a limit in workdays would silently add 3 workdays.
public struct ExtensionUnitRule: Rule {
    public let id = "extension-unit"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let limit = c.flow.limits.effective else { return [] }
        var out: [Diagnostic] = []
        if let max = c.flow.limits.extensionCeiling?.max, max.value.unit != limit.value.unit {
            out.append(c.diagnostic(id, .error,
                "the extension ceiling is \(max.value), but the case limit \(limit.value) counts \(limit.value.unit.rawValue); write the ceiling in \(limit.value.unit.rawValue)",
                at: max.range, notes: [DiagnosticNote("case limit set at \(limit.range.start)", range: limit.range)]))
        }
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind else { continue }
            for d in task.decisions {
                guard let extend = d.extend, extend.value.unit != limit.value.unit else { continue }
                out.append(c.diagnostic(id, .error,
                    "decision \"\(d.name.value)\" extends by \(extend.value), but the case limit \(limit.value) counts \(limit.value.unit.rawValue); write the extension in \(limit.value.unit.rawValue)",
                    at: extend.range, notes: [DiagnosticNote("case limit set at \(limit.range.start)", range: limit.range)]))
            }
        }
        return out
    }
}
