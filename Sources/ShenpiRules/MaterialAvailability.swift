import ShenpiLanguage
import ShenpiSyntax

/// Which produced materials (`produces:`) a case is sure to hold when it
/// reaches each step: a forward must-analysis over the flow. A task adds what
/// it produces; where paths meet, only what every path brings survives; after
/// a parallel join, a material survives when too few branches can finish
/// without producing it to make the join (for `join: all`, when one branch
/// always produces it). Materials nothing produces are brought at submission
/// and are not tracked.
struct MaterialAvailability {
    /// A step checks a produced material that some path reaches it without.
    struct Gap {
        var step: Step
        var material: Located<String>
        var producers: [String]
        /// From the first step to `step`: each step with the decision (or branch, or `join`) taken there.
        var path: [(step: String, label: String)]
    }

    let index: FlowIndex
    let producers: [String: [String]]
    /// Produced materials certainly held on entering each step (reachable steps only).
    private(set) var held: [String: Set<String>] = [:]

    init(flow: Workflow, index: FlowIndex) {
        self.index = index
        self.producers = MaterialsAnalysis.producers(in: index)
        guard let start = flow.steps.first?.id.value, !producers.isEmpty else { return }
        let all = Set(producers.keys)
        // Greatest fixpoint: unvisited steps hold everything; the start holds nothing.
        var held: [String: Set<String>] = [start: []]
        var changed = true
        while changed {
            changed = false
            func meet(_ target: String, _ value: Set<String>, scope: StepScope) {
                guard let e = index.stepByID[target], e.scope == scope else { return }
                let new = held[target].map { $0.intersection(value) } ?? value
                if new != held[target] {
                    held[target] = new
                    changed = true
                }
            }
            for entry in index.steps {
                guard let inHeld = held[entry.step.id.value] else { continue }
                let step = entry.step
                let out = inHeld.union(step.task?.produces.map(\.value) ?? [])
                if case .parallel(let block) = step.kind {
                    for b in block.branches { if let first = b.steps.first { meet(first.id.value, inHeld, scope: Self.scope(step, b)) } }
                    if let next = step.next?.value, let joined = Self.join(block, of: step, held: held, all: all) {
                        meet(next, inHeld.union(joined), scope: entry.scope)
                    }
                } else {
                    for t in FlowIndex.targets(of: step) { meet(t.value, out, scope: entry.scope) }
                }
            }
        }
        self.held = held
    }

    static func scope(_ block: Step, _ branch: Branch) -> StepScope {
        StepScope(block: block.id.value, branch: branch.id.value)
    }

    /// What a join adds: materials fewer than `n` branches can finish without.
    /// `nil` while too few branches have been reached to finish at all.
    static func join(_ block: ParallelBlock, of step: Step, held: [String: Set<String>], all: Set<String>) -> Set<String>? {
        let n = DeadlineWalker.required(block)
        // Per branch: what every reached `done` step holds on leaving.
        var finishing: [Set<String>] = []
        for b in block.branches {
            var ends: Set<String>?
            for s in b.steps where FlowIndex.targets(of: s).contains(where: { $0.value == branchDoneTarget }) {
                guard let h = held[s.id.value] else { continue }
                let out = h.union(s.task?.produces.map(\.value) ?? [])
                ends = ends.map { $0.intersection(out) } ?? out
            }
            if let ends { finishing.append(ends) }
        }
        guard n >= 1, finishing.count >= n else { return nil }
        return all.filter { m in finishing.filter { !$0.contains(m) }.count < n }
    }

    /// Every check of a produced material that some path reaches without it.
    func gaps() -> [Gap] {
        var out: [Gap] = []
        for entry in index.steps {
            guard let task = entry.step.task, let inHeld = held[entry.step.id.value] else { continue }
            let own = Set(task.produces.map(\.value))
            for m in task.checks {
                guard let makers = producers[m.value], !inHeld.contains(m.value), !own.contains(m.value) else { continue }
                out.append(Gap(step: entry.step, material: m, producers: makers, path: path(to: entry.step.id.value, avoiding: Set(makers), material: m.value)))
            }
        }
        return out
    }

    /// A shortest path from the first step to `goal` through no step of `avoiding`.
    func path(to goal: String, avoiding: Set<String>, material: String) -> [(step: String, label: String)] {
        guard let start = index.steps.first(where: { $0.scope == .top })?.step.id.value else { return [] }
        var previous: [String: (String, String)] = [:]
        var seen: Set<String> = [start]
        var queue = [start]
        var i = 0
        while i < queue.count {
            let id = queue[i]
            i += 1
            if id == goal { break }
            guard !avoiding.contains(id), let entry = index.stepByID[id] else { continue }
            for (target, label) in edges(entry, avoiding: avoiding) where !seen.contains(target) {
                guard index.stepByID[target] != nil else { continue }
                seen.insert(target)
                previous[target] = (id, label)
                queue.append(target)
            }
        }
        guard seen.contains(goal) else { return [] }
        var out: [(step: String, label: String)] = []
        var at = goal
        while let (from, label) = previous[at] {
            out.insert((from, label), at: 0)
            at = from
        }
        return out
    }

    /// Moves out of a step with their labels; a block's `join` only when enough
    /// branches can finish without passing `avoiding`.
    func edges(_ entry: FlowIndex.Entry, avoiding: Set<String>) -> [(String, String)] {
        let step = entry.step
        let sameScope = { (t: String) in self.index.stepByID[t]?.scope == entry.scope }
        switch step.kind {
        case .task(let t): return t.decisions.compactMap { d in d.next.map { ($0.value, d.name.value) } }.filter { sameScope($0.0) }
        case .route(let arms):
            return arms.compactMap { a in a.next.map { ($0.value, a.condition.map { "when " + $0.text } ?? "otherwise") } }.filter { sameScope($0.0) }
        // Labels as the soundness counter-examples write them.
        case .wait: return step.next.map { [($0.value, "after wait")] }?.filter { sameScope($0.0) } ?? []
        case .call(let c): return c.outcomes.map { ($0.target.value, "sub-flow " + $0.outcome.value) }.filter { sameScope($0.0) }
        case .parallel(let block):
            var out = block.branches.compactMap { b in b.steps.first.map { ($0.id.value, "branch " + b.id.value) } }
            let finishing = block.branches.filter { canFinish($0, block: step, avoiding: avoiding) }.count
            if let next = step.next?.value, sameScope(next), finishing >= DeadlineWalker.required(block) { out.append((next, "join")) }
            return out
        }
    }

    /// Whether a branch can end with `done` without passing `avoiding`.
    func canFinish(_ branch: Branch, block: Step, avoiding: Set<String>) -> Bool {
        guard let first = branch.steps.first?.id.value, !avoiding.contains(first) else { return false }
        let scope = Self.scope(block, branch)
        var seen: Set<String> = [first]
        var work = [first]
        while let id = work.popLast() {
            guard let step = index.stepByID[id]?.step else { continue }
            for t in FlowIndex.targets(of: step) {
                if t.value == branchDoneTarget { return true }
                guard index.stepByID[t.value]?.scope == scope, !avoiding.contains(t.value), !seen.contains(t.value) else { continue }
                seen.insert(t.value)
                work.append(t.value)
            }
        }
        return false
    }
}
