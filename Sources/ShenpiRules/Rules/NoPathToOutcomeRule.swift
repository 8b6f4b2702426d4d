import ShenpiLanguage
import ShenpiSyntax

/// `no-path-to-outcome`: a step from which no outcome can be reached, so a
/// case that gets there is stuck forever (a loop with no way out, a dead end),
/// and a parallel join that can never fire because too few branches can end
/// with `done`.
public struct NoPathToOutcomeRule: Rule {
    public let id = "no-path-to-outcome"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        // Dangling targets are undefined-reference errors; don't pile on.
        let known = c.index.knownTargets
        // A parallel block nested in a branch is already an error (nested-parallel),
        // and the graph does not model it.
        if c.index.steps.contains(where: { e in e.scope.branch != nil && { if case .parallel = e.step.kind { return true } else { return false } }() }) {
            return []
        }
        let graph = FlowGraph(flow: c.flow, index: c.index)
        let (fin, joins) = graph.canFinish()
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            let step = entry.step
            if case .parallel(let block) = step.kind, !joins.contains(step.id.value), !block.branches.isEmpty {
                // join-count-above-branches says it better.
                if graph.required(block) > block.branches.count { continue }
                let ending = block.branches.filter { b in graph.branchCanEnd(b, scope: StepScope(block: step.id.value, branch: b.id.value)) }
                out.append(c.diagnostic(id, .error, "the join of parallel block \"\(step.id.value)\" can never fire: it needs \(graph.required(block)) branch\(graph.required(block) == 1 ? "" : "es") to end with \"done\" and only \(ending.count) can", at: step.id.range))
                continue
            }
            guard !fin.contains(step.id.value) else { continue }
            // A task without decisions or a route without entries is a missing-key / route error already.
            if FlowIndex.targets(of: step).isEmpty, step.task != nil || { if case .route = step.kind { return true } else { return false } }() { continue }
            if FlowIndex.targets(of: step).contains(where: { !known.contains($0.value) }) { continue }
            out.append(c.diagnostic(id, .error, "no outcome can be reached from \(step.kindName) \"\(step.id.value)\"; a case that gets here is stuck", at: step.id.range))
        }
        return out
    }
}

extension FlowGraph {
    /// Whether some path from the branch's first step ends the branch with `done`.
    func branchCanEnd(_ branch: Branch, scope: StepScope) -> Bool {
        guard let first = branch.steps.first else { return false }
        var seen: Set<String> = [first.id.value]
        var work = [first]
        while let step = work.popLast() {
            if endsBranch(step) { return true }
            for t in FlowIndex.targets(of: step) {
                guard let next = index.stepByID[t.value], next.scope == scope, !seen.contains(t.value) else { continue }
                seen.insert(t.value)
                work.append(next.step)
            }
        }
        return false
    }
}
