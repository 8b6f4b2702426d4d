import ShenpiLanguage
import ShenpiSyntax

/// `material-dead-end` (warning): a step that checks a material a case can
/// reach it without, none of whose decisions can be taken while that
/// material is missing. The engine refuses a task's decision while a
/// material it checks is missing, unless the decision requests a supplement,
/// says `needs-materials: false`, or leads straight to an outcome that is not
/// `granted` (runtime.md, "Deciding"); so such a case waits at the step until
/// the applicant happens to bring the material, and no officer can tell them
/// to or refuse. A case
/// gets there without it after a deemed acceptance (`on-timeout` skips the
/// intake's check), for a deferrable material (容缺后补) accepted without
/// it, or when no step on its way checked it. Produced materials
/// (`produces:`) are [material-not-yet-received]'s.
public struct MaterialDeadEndRule: Rule {
    public let id = "material-dead-end"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard !c.flow.checksIncomplete, !c.flow.decisionsIncomplete, let start = c.flow.steps.first?.id.value else { return [] }
        let produced = Set(MaterialsAnalysis.producers(in: c.index).keys)
        let brought = c.flow.materials.filter { $0.requirement != .optional && !produced.contains($0.id.value) }
        guard !brought.isEmpty else { return [] }
        let deferrable = Set(brought.filter { $0.requirement == .deferrable }.map(\.id.value))
        let intake = DeferredMaterialNeverCheckedRule.intake(c.flow, c.index)
        let missing = Self.mayMiss(c, start: start, all: Set(brought.map(\.id.value)), deferrable: deferrable, intake: intake)

        var out: [Diagnostic] = []
        for entry in c.index.steps {
            guard let task = entry.step.task, let arriving = missing[entry.step.id.value] else { continue }
            let stepID = entry.step.id.value
            // Before acceptance a deferrable material is not required, so it holds nothing up.
            let blocking = task.checks.map(\.value).filter { arriving.contains($0) && (!intake.contains(stepID) || !deferrable.contains($0)) }
            guard let first = blocking.first, !Self.hasWayOut(task, c.index) else { continue }
            let how: String
            if intake.contains(stepID) {
                how = "an application can come in without it"
            } else if deferrable.contains(first) {
                how = "it is deferrable (容缺后补), so the case is accepted without it"
            } else if let timeout = Self.deemingIntake(c, intake: intake, checks: first) {
                how = "a deemed acceptance at \"\(timeout)\" (on-timeout) skips that step's check"
            } else {
                how = "no step on some way here checks it first"
            }
            let names = blocking.map { "\"\($0)\"" }.joined(separator: ", ")
            out.append(c.diagnostic(id, .warning,
                "step \"\(stepID)\" checks \(names), which a case can reach it without (\(how)), and every decision it has needs \(blocking.count == 1 ? "it" : "them"): such a case waits here until the applicant brings \(blocking.count == 1 ? "it" : "them") unasked",
                at: entry.step.id.range,
                notes: [DiagnosticNote("mark the decision an officer may take without \(blocking.count == 1 ? "it" : "them") (a recommendation to refuse) with needs-materials: false, or add one that requests the supplement (request-supplement: true) or leads to a refusal outcome")]))
        }
        return out
    }

    /// A way on with checked materials missing: its timeout (taken by the
    /// engine, unchecked), or a decision the engine takes without them.
    static func hasWayOut(_ task: Task, _ index: FlowIndex) -> Bool {
        task.onTimeout != nil || task.decisions.contains { escapes($0, index) }
    }

    /// A decision the engine takes with checked materials missing.
    static func escapes(_ d: Decision, _ index: FlowIndex) -> Bool {
        if d.requestSupplement || !d.needsMaterials { return true }
        guard let target = d.next?.value, let outcome = index.outcomeByID[target] else { return false }
        return outcome.kind.map { $0.value != .granted } ?? false
    }

    /// The intake step whose timeout moves a case on unchecked, when it checks `material`.
    static func deemingIntake(_ c: RuleContext, intake: Set<String>, checks material: String) -> String? {
        c.index.steps.first { e in
            guard intake.contains(e.step.id.value), let task = e.step.task, task.onTimeout != nil else { return false }
            return task.checks.contains { $0.value == material }
        }?.step.id.value
    }

    /// The materials a case may lack on reaching each step (reachable steps
    /// only). At the start every brought material may be missing; a decision
    /// taken by an officer leaves behind the step's checked (and, there,
    /// required) materials, unless it requests a supplement or needs none.
    static func mayMiss(_ c: RuleContext, start: String, all: Set<String>, deferrable: Set<String>,
                        intake: Set<String>) -> [String: Set<String>] {
        let analysis = MaterialFlow<String>(context: c, material: { $0 }) { step, task, d, arriving in
            guard !d.requestSupplement, d.needsMaterials else { return arriving }
            // Before acceptance a deferrable material is not required, so passing the intake does not bring it.
            let required = Set(task.checks.map(\.value)).filter { !intake.contains(step.id.value) || !deferrable.contains($0) }
            return arriving.subtracting(required)
        }
        return analysis.run(start: start, facts: all).atStep
    }
}
