import ShenpiLanguage
import ShenpiSyntax

/// `deferred-material-never-checked` (warning): a `required: deferrable`
/// material (容缺后补: the case is accepted without it and it is supplied
/// later) that only the intake checks — the first task a case reaches from
/// the first step, through routes and waits. A case accepted without it
/// would never be asked for it again, so it would never actually be
/// collected. Check it again at a later step (before the decision), or make
/// it `required: always`. A material no step checks at all is
/// `unused-material` instead.
public struct DeferredMaterialNeverCheckedRule: Rule {
    public let id = "deferred-material-never-checked"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard !c.flow.checksIncomplete else { return [] }
        let intake = Self.intake(c.flow, c.index)
        var checkers: [String: [String]] = [:]
        for entry in c.index.steps {
            for m in entry.step.task?.checks ?? [] { checkers[m.value, default: []].append(entry.step.id.value) }
        }
        return c.flow.materials.compactMap { m in
            guard m.requirement == .deferrable, let by = checkers[m.id.value], by.allSatisfy(intake.contains) else { return nil }
            let first = by.first ?? ""
            return c.diagnostic(id, .warning, "deferrable material \"\(m.id.value)\" (容缺后补) is checked only by the first step \"\(first)\", so a case accepted without it never collects it; add it to the \"checks\" of a later step", at: m.id.range)
        }
    }

    /// The tasks a case reaches first: from the first step, through routes and waits.
    static func intake(_ flow: Workflow, _ index: FlowIndex) -> Set<String> {
        guard let start = flow.steps.first?.id.value else { return [] }
        var out: Set<String> = []
        var seen: Set<String> = [start]
        var work = [start]
        while let id = work.popLast() {
            guard let step = index.stepByID[id]?.step else { continue }
            switch step.kind {
            case .task: out.insert(id)
            case .route, .wait:
                for t in FlowIndex.targets(of: step) where index.stepByID[t.value] != nil && seen.insert(t.value).inserted { work.append(t.value) }
            case .parallel, .call: break
            }
        }
        return out
    }
}
