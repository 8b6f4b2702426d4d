import ShenpiLanguage

/// The flow as a graph of step ids, for reachability questions. Parallel blocks
/// are handled by their join rule: a block's `next` is reachable only when
/// enough branches can end with `done`.
/// (Full soundness over join counters is the compiler's job; this is the
/// name-level view the lint rules need.)
public struct FlowGraph: Sendable {
    let index: FlowIndex
    let outcomes: Set<String>
    let start: String?

    public init(flow: Workflow, index: FlowIndex) {
        self.index = index
        self.outcomes = Set(flow.outcomes.map(\.id.value))
        self.start = flow.steps.first?.id.value
    }

    /// Targets of a step that are steps (not outcomes, not `done`), in the step's own scope or the top level.
    func stepTargets(_ step: Step) -> [String] {
        var out = FlowIndex.targets(of: step).map(\.value).filter { index.stepByID[$0] != nil }
        if case .parallel(let block) = step.kind {
            out.append(contentsOf: block.branches.compactMap { $0.steps.first?.id.value })
            // The block's own `next` is reached through its join; see `reachable`.
            out.removeAll { $0 == step.next?.value }
        }
        return out
    }

    func endsBranch(_ step: Step) -> Bool {
        FlowIndex.targets(of: step).contains { $0.value == branchDoneTarget }
    }

    func required(_ block: ParallelBlock) -> Int {
        switch block.join?.value ?? .all {
        case .all: return block.branches.count
        case .any: return 1
        case .count(let n): return n
        }
    }

    /// Steps a case can get to from the first step.
    public func reachable() -> Set<String> {
        guard let start else { return [] }
        var seen: Set<String> = [start]
        var work = [start]
        while true {
            while let id = work.popLast() {
                guard let step = index.stepByID[id]?.step else { continue }
                for t in stepTargets(step) where !seen.contains(t) {
                    seen.insert(t)
                    work.append(t)
                }
            }
            // Fire joins whose branches can end; repeat until nothing new.
            var fired = false
            for entry in index.steps {
                guard case .parallel(let block) = entry.step.kind, seen.contains(entry.step.id.value),
                    let next = entry.step.next?.value, !seen.contains(next), index.stepByID[next] != nil
                else { continue }
                let ending = block.branches.filter { b in b.steps.contains { seen.contains($0.id.value) && endsBranch($0) } }.count
                if ending >= required(block) {
                    seen.insert(next)
                    work.append(next)
                    fired = true
                }
            }
            if !fired { return seen }
        }
    }

    /// Steps from which some outcome can be reached, and the blocks whose join can fire.
    public func canFinish() -> (steps: Set<String>, joinsThatFire: Set<String>) {
        var fin: Set<String> = []
        var reachesDone: Set<String> = []
        var joins: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for entry in index.steps {
                let step = entry.step
                let id = step.id.value
                if entry.scope.branch != nil, !reachesDone.contains(id) {
                    let viaDone = endsBranch(step)
                    let viaSibling = FlowIndex.targets(of: step).contains { t in
                        reachesDone.contains(t.value) && index.stepByID[t.value]?.scope == entry.scope
                    }
                    if viaDone || viaSibling {
                        reachesDone.insert(id)
                        changed = true
                    }
                }
                if case .parallel(let block) = step.kind, !joins.contains(id) {
                    let ending = block.branches.filter { b in b.steps.first.map { reachesDone.contains($0.id.value) } ?? false }.count
                    if ending >= required(block) {
                        joins.insert(id)
                        changed = true
                    }
                }
                guard !fin.contains(id) else { continue }
                var ok = FlowIndex.targets(of: step).contains { t in
                    if outcomes.contains(t.value) { return true }
                    if t.value == branchDoneTarget, let block = entry.scope.block { return fin.contains(block) }
                    return index.stepByID[t.value] != nil && fin.contains(t.value) && !(step.next?.value == t.value && isParallel(step))
                }
                if case .parallel(let block) = step.kind {
                    let joinFinishes = joins.contains(id) && (step.next.map { outcomes.contains($0.value) || fin.contains($0.value) } ?? false)
                    let branchFinishes = block.branches.contains { b in b.steps.first.map { fin.contains($0.id.value) } ?? false }
                    ok = joinFinishes || branchFinishes
                }
                if ok {
                    fin.insert(id)
                    changed = true
                }
            }
        }
        return (fin, joins)
    }

    private func isParallel(_ step: Step) -> Bool {
        if case .parallel = step.kind { return true }
        return false
    }
}
