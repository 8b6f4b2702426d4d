import ShenpiExpression
import ShenpiLanguage
import ShenpiSyntax

/// A forward may-analysis of what can hold about a case's materials on
/// reaching each step (facts of type `Fact`, each about one material):
/// `material-dead-end` tracks materials that may be missing,
/// `grant-without-materials` materials let past a check. A decision's edge
/// carries what `leaving` says; a timeout carries everything (nobody looked);
/// a route arm whose condition requires `has(m)` drops `m`'s facts; a
/// parallel block's `next` gets, per material, what at least as many
/// branches can end with as its join needs (`join: all`: every branch), so
/// a material one branch of a `join: all` checks is held after it.
struct MaterialFlow<Fact: Hashable & Sendable> {
    let context: RuleContext
    let material: (Fact) -> String
    /// What an officer's decision at a task passes on.
    let leaving: (_ step: Step, _ task: Task, _ decision: Decision, _ arriving: Set<Fact>) -> Set<Fact>

    /// Facts on entering each reachable step, and those reaching a granted outcome.
    func run(start: String, facts: Set<Fact>) -> (atStep: [String: Set<Fact>], granted: Set<Fact>) {
        let index = context.index
        var at: [String: Set<Fact>] = [start: facts]
        var granted: Set<Fact> = []
        /// Block id → branch id → facts at the branch's `done` exits.
        var ends: [String: [String: Set<Fact>]] = [:]
        var changed = true
        func reach(_ target: String, _ value: Set<Fact>, from entry: FlowIndex.Entry) {
            if target == branchDoneTarget {
                guard let block = entry.scope.block, let branch = entry.scope.branch else { return }
                let new = (ends[block]?[branch] ?? []).union(value)
                if new != ends[block]?[branch] {
                    ends[block, default: [:]][branch] = new
                    changed = true
                }
                return
            }
            if let outcome = index.outcomeByID[target] {
                if outcome.kind?.value == .granted { granted.formUnion(value) }
                return
            }
            guard index.stepByID[target] != nil else { return }
            let new = (at[target] ?? []).union(value)
            if new != at[target] {
                at[target] = new
                changed = true
            }
        }
        while changed {
            changed = false
            for entry in index.steps {
                let step = entry.step
                guard let arriving = at[step.id.value] else { continue }
                switch step.kind {
                case .task(let task):
                    for d in task.decisions {
                        guard let next = d.next?.value else { continue }
                        reach(next, leaving(step, task, d, arriving), from: entry)
                        if task.onTimeout?.value == d.name.value { reach(next, arriving, from: entry) }
                    }
                case .route(let arms):
                    for arm in arms {
                        guard let next = arm.next?.value else { continue }
                        let present = arm.condition?.expr.map(Self.requiredMaterials) ?? []
                        reach(next, arriving.filter { !present.contains(material($0)) }, from: entry)
                    }
                case .parallel(let block):
                    for b in block.branches { if let first = b.steps.first { reach(first.id.value, arriving, from: entry) } }
                    if let next = step.next?.value, let joined = join(block, ends[step.id.value] ?? [:]) {
                        reach(next, joined, from: entry)
                    }
                case .wait, .call:
                    for t in FlowIndex.targets(of: step) { reach(t.value, arriving, from: entry) }
                }
            }
        }
        return (at, granted)
    }

    /// What passes a join: the facts of materials that at least `n` branches
    /// can end with; `nil` while fewer than `n` branches can end at all.
    func join(_ block: ParallelBlock, _ ends: [String: Set<Fact>]) -> Set<Fact>? {
        let n = max(DeadlineWalker.required(block), 1)
        guard ends.count >= n else { return nil }
        var branchesWith: [String: Int] = [:]
        for facts in ends.values { for m in Set(facts.map(material)) { branchesWith[m, default: 0] += 1 } }
        return Set(ends.values.joined().filter { branchesWith[material($0), default: 0] >= n })
    }

    /// The materials a condition requires handed in: `has(m)`, alone or in a conjunction.
    static func requiredMaterials(_ e: Expr) -> Set<String> {
        switch e.kind {
        case .call(name: "has", arguments: let args):
            if args.count == 1, case .field(let id) = args[0].kind { return [id] }
            return []
        case .binary(.and, let a, let b):
            return requiredMaterials(a).union(requiredMaterials(b))
        default:
            return []
        }
    }
}
