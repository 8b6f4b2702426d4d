/// Soundness of a machine: can every case finish? Explores the machine's
/// reachable configurations treating every decision, route arm and timeout as
/// possible, but by block structure rather than by the product of branch
/// positions: branches of one block are independent until their join, so each
/// branch is analysed alone and the block summarised by which branches can end
/// with `done`, which can end the case, and which can get stuck. Linear in the
/// machine's size: 12 branches of 5 steps cost as much as 60 steps in a row.
public struct Soundness: Sendable {
    /// One choice on a counter-example path: at `node`, take `label`.
    public struct Step: Sendable, Hashable {
        public var node: Int
        public var label: String

        public init(node: Int, label: String) {
            self.node = node
            self.label = label
        }
    }

    public enum Finding: Sendable, Hashable {
        /// No case can ever make this node active.
        case unreachable(node: Int)
        /// Reachable, but from here no outcome can be reached (deadlock or a loop with no way out).
        case stuck(node: Int, path: [Step])
        /// Fewer branches than the join needs can ever end with `done`.
        case joinNeverFires(block: Int, canEnd: [Int], cannotEnd: [Int])
        /// Branches can get stuck where neither `done` nor an outcome is
        /// reachable, and the other branches cannot make the join without
        /// them: the configuration with every `traps` branch stuck and the
        /// rest ended. `path` leads to the block; each trap's path runs inside
        /// its branch.
        case blockDeadlock(block: Int, path: [Step], traps: [Trap])
    }

    /// One stuck branch of a deadlock: where it sticks and how it gets there.
    public struct Trap: Sendable, Hashable {
        public var branch: Int
        public var node: Int
        public var path: [Step]

        public init(branch: Int, node: Int, path: [Step]) {
            self.branch = branch
            self.node = node
            self.path = path
        }
    }

    public let findings: [Finding]

    public init(_ m: Machine) {
        var findings: [Finding] = []
        let branchInfo = m.blocks.map { block in block.branches.map { BranchInfo(m, $0) } }
        var joinFires: [Bool] = []
        for (b, block) in m.blocks.enumerated() {
            let canEnd = branchInfo[b].indices.filter { branchInfo[b][$0].canDone.contains(block.branches[$0].entry) }
            joinFires.append(canEnd.count >= block.required)
        }
        let top = TopLevel(m, branchInfo: branchInfo, joinFires: joinFires)
        // What a dead join hides is reported with the join, not again as unreachable.
        let optimistic = joinFires.allSatisfy { $0 } ? top : TopLevel(m, branchInfo: branchInfo, joinFires: joinFires.map { _ in true })
        for n in m.nodes.indices where m.nodes[n].block == nil {
            guard let path = top.pathTo[n] else {
                if optimistic.pathTo[n] == nil { findings.append(.unreachable(node: n)) }
                continue
            }
            if case .parallel(let b) = m.nodes[n].kind {
                let block = m.blocks[b]
                let canEnd = branchInfo[b].indices.filter { branchInfo[b][$0].canDone.contains(block.branches[$0].entry) }
                if canEnd.count < block.required {
                    findings.append(.joinNeverFires(block: b, canEnd: canEnd, cannotEnd: block.branches.indices.filter { !canEnd.contains($0) }))
                } else {
                    findings += Self.branchTraps(m, block: b, info: branchInfo[b], pathToBlock: path)
                }
                for (i, br) in block.branches.enumerated() {
                    for node in br.nodes where branchInfo[b][i].pathTo[node] == nil { findings.append(.unreachable(node: node)) }
                }
            }
            // Report a stuck region once, where a case enters it.
            if !top.canFinish.contains(n), !Self.isBlockWithDeadJoin(m, n, joinFires),
                path.last.map({ top.canFinish.contains($0.node) }) ?? true
            {
                findings.append(.stuck(node: n, path: path))
            }
        }
        self.findings = findings
    }

    static func isBlockWithDeadJoin(_ m: Machine, _ n: Int, _ joinFires: [Bool]) -> Bool {
        if case .parallel(let b) = m.nodes[n].kind { return !joinFires[b] }
        return false
    }

    /// A deadlock inside a block: the adversary traps every branch that can
    /// be trapped and ends every other one with `done`; if that leaves fewer
    /// than the join needs, nothing can move. A branch that can neither be
    /// trapped nor end with `done` always keeps an outcome reachable (a
    /// refusal), so no such configuration is stuck.
    static func branchTraps(_ m: Machine, block b: Int, info: [BranchInfo], pathToBlock: [Step]) -> [Finding] {
        let block = m.blocks[b]
        let trapped = info.indices.filter { info[$0].trap != nil }
        let others = info.indices.filter { !trapped.contains($0) }
        let canEnd = { (i: Int) in info[i].canDone.contains(block.branches[i].entry) }
        guard !trapped.isEmpty, others.allSatisfy(canEnd), others.count < block.required else { return [] }
        let traps = trapped.map { i in Trap(branch: i, node: info[i].trap!, path: info[i].pathTo[info[i].trap!] ?? []) }
        return [.blockDeadlock(block: b, path: pathToBlock, traps: traps)]
    }
}

/// Reachability inside one branch, from its entry.
struct BranchInfo {
    /// Reachable nodes with the choices that lead there.
    var pathTo: [Int: [Soundness.Step]] = [:]
    /// Nodes from which `done` / some outcome can be reached inside the branch.
    var canDone: Set<Int> = []
    var canOutcome: Set<Int> = []
    /// The first reachable node (in BFS order) from which neither is reachable.
    var trap: Int?

    init(_ m: Machine, _ branch: Block.Branch) {
        let members = Set(branch.nodes)
        var order: [Int] = [branch.entry]
        pathTo[branch.entry] = []
        var i = 0
        while i < order.count {
            let n = order[i]
            i += 1
            for (label, t) in m.nodes[n].labelledTargets(m.expressions) {
                if case .node(let next) = t, members.contains(next), pathTo[next] == nil {
                    pathTo[next] = pathTo[n]! + [Soundness.Step(node: n, label: label)]
                    order.append(next)
                }
            }
        }
        var changed = true
        while changed {
            changed = false
            for n in branch.nodes {
                for t in m.nodes[n].targets {
                    switch t {
                    case .branchDone:
                        if canDone.insert(n).inserted { changed = true }
                    case .outcome:
                        if canOutcome.insert(n).inserted { changed = true }
                    case .node(let next):
                        if canDone.contains(next), canDone.insert(n).inserted { changed = true }
                        if canOutcome.contains(next), canOutcome.insert(n).inserted { changed = true }
                    }
                }
            }
        }
        trap = order.first { !canDone.contains($0) && !canOutcome.contains($0) }
    }
}

/// The top level: one token moving between top-level nodes; a parallel block
/// is a node whose exits are its `next` (when the join can fire) and the
/// outcomes its branches can reach.
struct TopLevel {
    var pathTo: [Int: [Soundness.Step]] = [:]
    var canFinish: Set<Int> = []

    init(_ m: Machine, branchInfo: [[BranchInfo]], joinFires: [Bool]) {
        func exits(_ n: Int) -> [(String, Target)] {
            guard case .parallel(let b) = m.nodes[n].kind else { return m.nodes[n].labelledTargets(m.expressions) }
            let block = m.blocks[b]
            var out: [(String, Target)] = joinFires[b] ? [("join", block.next)] : []
            for (i, br) in block.branches.enumerated() {
                for node in br.nodes where branchInfo[b][i].pathTo[node] != nil {
                    for (label, t) in m.nodes[node].labelledTargets(m.expressions) {
                        if case .outcome = t { out.append(("branch \(br.id): \(m.nodes[node].id): \(label)", t)) }
                    }
                }
            }
            return out
        }
        guard case .node(let start) = m.start else { return }
        var order = [start]
        pathTo[start] = []
        var i = 0
        while i < order.count {
            let n = order[i]
            i += 1
            for (label, t) in exits(n) {
                if case .node(let next) = t, pathTo[next] == nil {
                    pathTo[next] = pathTo[n]! + [Soundness.Step(node: n, label: label)]
                    order.append(next)
                }
            }
        }
        var changed = true
        while changed {
            changed = false
            for n in m.nodes.indices where m.nodes[n].block == nil && !canFinish.contains(n) {
                let ok = exits(n).contains { _, t in
                    if case .outcome = t { return true }
                    if case .node(let next) = t { return canFinish.contains(next) }
                    return false
                }
                if ok {
                    canFinish.insert(n)
                    changed = true
                }
            }
        }
    }
}
