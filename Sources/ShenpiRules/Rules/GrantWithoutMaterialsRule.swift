import ShenpiLanguage
import ShenpiSyntax

/// `grant-without-materials` (warning): a decision taken without the
/// materials its step checks (`needs-materials: false`) after which a case
/// can still be granted with no later step checking them. The key is meant
/// for the way to a refusal (a reviewer's recommendation to refuse, which
/// the head then decides); if the head may also approve from there, the
/// head's step should check the same materials, so that approving waits for
/// them while refusing does not. Where granting without them is right (a
/// relief denied needs no proof of the relief), say so with a suppression.
public struct GrantWithoutMaterialsRule: Rule {
    public let id = "grant-without-materials"
    public init() {}

    /// A material let past a check, and the decision that let it.
    struct Leak: Hashable {
        var material: String
        var step: String
        var decision: String
    }

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard !c.flow.checksIncomplete, let start = c.flow.steps.first?.id.value else { return [] }
        let exempt = c.index.steps.contains { $0.step.task?.decisions.contains { !$0.needsMaterials } ?? false }
        guard exempt else { return [] }
        let optional = Set(c.flow.materials.filter { $0.requirement == .optional }.map(\.id.value))
        let analysis = MaterialFlow<Leak>(context: c, material: \.material) { step, task, d, arriving in
            let checked = Set(task.checks.map(\.value)).subtracting(optional)
            // A request for supplement goes back to the same step, materials or not.
            if d.requestSupplement { return arriving }
            if !d.needsMaterials {
                return arriving.union(checked.map { Leak(material: $0, step: step.id.value, decision: d.name.value) })
            }
            // Taken by an officer, the decision needed what the step checks.
            return arriving.filter { !checked.contains($0.material) }
        }
        let granted = analysis.run(start: start, facts: []).granted

        var byDecision: [Leak: [String]] = [:]
        for leak in granted { byDecision[Leak(material: "", step: leak.step, decision: leak.decision), default: []].append(leak.material) }
        return byDecision.sorted { ($0.key.step, $0.key.decision) < ($1.key.step, $1.key.decision) }.compactMap { key, leaked in
            guard let task = c.index.stepByID[key.step]?.step.task, let d = task.decisions.first(where: { $0.name.value == key.decision }) else { return nil }
            let order = task.checks.map(\.value)
            let materials = leaked.sorted { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
            let names = materials.map { "\"\($0)\"" }.joined(separator: ", ")
            // Straight to a granted outcome: no later step can check them; the key is the mistake.
            if let target = d.next?.value, c.index.outcomeByID[target]?.kind?.value == .granted {
                return c.diagnostic(id, .warning,
                    "decision \"\(key.decision)\" of step \"\(key.step)\" grants the application (outcome \"\(target)\") without \(names) (needs-materials: false)",
                    at: d.name.range,
                    notes: [DiagnosticNote("leave out needs-materials: false: it is for the way to a refusal, and this decision grants")])
            }
            return c.diagnostic(id, .warning,
                "decision \"\(key.decision)\" of step \"\(key.step)\" is taken without \(names) (needs-materials: false), and a case can still be granted after it with no step checking \(materials.count == 1 ? "it" : "them") again",
                at: d.name.range,
                notes: [DiagnosticNote("add \(materials.count == 1 ? "it" : "them") to the checks of the step that approves on this way, so approving waits for \(materials.count == 1 ? "it" : "them") and refusing does not")])
        }
    }
}
