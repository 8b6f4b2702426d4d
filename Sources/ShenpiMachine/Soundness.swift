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
            // Paths are rebuilt only for findings: one per node made a long chain quadratic.
            guard top.reach.contains(n) else {
                if !optimistic.reach.contains(n) { findings.append(.unreachable(node: n)) }
                continue
            }
            if case .parallel(let b) = m.nodes[n].kind {
                let block = m.blocks[b]
                let canEnd = branchInfo[b].indices.filter { branchInfo[b][$0].canDone.contains(block.branches[$0].entry) }
                if canEnd.count < block.required {
                    findings.append(.joinNeverFires(block: b, canEnd: canEnd, cannotEnd: block.branches.indices.filter { !canEnd.contains($0) }))
                } else {
                    findings += Self.branchTraps(m, block: b, info: branchInfo[b], pathToBlock: top.reach.path(to: n) ?? [])
                }
                for (i, br) in block.branches.enumerated() {
                    for node in br.nodes where !branchInfo[b][i].reach.contains(node) { findings.append(.unreachable(node: node)) }
                }
            }
            // Report a stuck region once, where a case enters it.
            if !top.canFinish.contains(n), !Self.isBlockWithDeadJoin(m, n, joinFires),
                top.reach.lastStep(to: n).map({ top.canFinish.contains($0.node) }) ?? true
            {
                findings.append(.stuck(node: n, path: top.reach.path(to: n) ?? []))
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
    static func branchTraps(_ m: Machine, block b: Int, info: [BranchInfo], pathToBlock: @autoclosure () -> [Step]) -> [Finding] {
        let block = m.blocks[b]
        let trapped = info.indices.filter { info[$0].trap != nil }
        let others = info.indices.filter { !trapped.contains($0) }
        let canEnd = { (i: Int) in info[i].canDone.contains(block.branches[i].entry) }
        guard !trapped.isEmpty, others.allSatisfy(canEnd), others.count < block.required else { return [] }
        let traps = trapped.map { i in Trap(branch: i, node: info[i].trap!, path: info[i].reach.path(to: info[i].trap!) ?? []) }
        return [.blockDeadlock(block: b, path: pathToBlock(), traps: traps)]
    }
}

/// A breadth-first search tree: how each reachable node was first reached.
/// Only the last step is kept per node (a whole path per node made a long
/// chain of steps quadratic in time and memory); paths are rebuilt on demand.
struct Reach {
    /// Reachable node → the choice that first led there (nil for the start).
    private var via: [Int: Soundness.Step?] = [:]
    /// Reachable nodes in the order they were found.
    private(set) var order: [Int] = []

    /// Nothing reachable (a machine that starts with an outcome).
    init() {}

    /// Searches from `start`, following `next(n)`: the labelled moves out of `n`.
    init(from start: Int, next: (Int) -> [(String, Int)]) {
        via[start] = .some(nil)
        order = [start]
        var i = 0
        while i < order.count {
            let n = order[i]
            i += 1
            for (label, target) in next(n) where via[target] == nil {
                via[target] = Soundness.Step(node: n, label: label)
                order.append(target)
            }
        }
    }

    func contains(_ n: Int) -> Bool { via[n] != nil }

    /// The last choice on the way to `n`; nil for the start or an unreachable node.
    func lastStep(to n: Int) -> Soundness.Step? { via[n] ?? nil }

    /// The choices from the start to `n`, or nil when `n` is unreachable.
    func path(to n: Int) -> [Soundness.Step]? {
        guard var step = via[n] else { return nil }
        var out: [Soundness.Step] = []
        while let s = step {
            out.append(s)
            step = via[s.node] ?? nil
        }
        return out.reversed()
    }
}

/// The nodes of `nodes` from which a node of `goal` is reachable (`goal`
/// included), walking `edges` backwards once: a fixpoint that swept every node
/// until nothing changed took one sweep per step of a long chain.
func backwardsReachable(_ nodes: [Int], goal: Set<Int>, edges: (Int) -> [Int]) -> Set<Int> {
    var predecessors: [Int: [Int]] = [:]
    for n in nodes { for next in edges(n) { predecessors[next, default: []].append(n) } }
    var found = goal
    var work = Array(goal)
    while let n = work.popLast() {
        for p in predecessors[n] ?? [] where found.insert(p).inserted { work.append(p) }
    }
    return found
}

/// Reachability inside one branch, from its entry.
struct BranchInfo {
    /// Reachable nodes with the choices that lead there.
    var reach: Reach
    /// Nodes from which `done` / some outcome can be reached inside the branch.
    var canDone: Set<Int> = []
    var canOutcome: Set<Int> = []
    /// The first reachable node (in BFS order) from which neither is reachable.
    var trap: Int?

    init(_ m: Machine, _ branch: Block.Branch) {
        let members = Set(branch.nodes)
        reach = Reach(from: branch.entry) { n in
            m.nodes[n].labelledTargets(m.expressions).compactMap { label, t in
                if case .node(let next) = t, members.contains(next) { return (label, next) }
                return nil
            }
        }
        func inside(_ n: Int) -> [Int] {
            m.nodes[n].targets.compactMap { t in
                if case .node(let next) = t, members.contains(next) { return next }
                return nil
            }
        }
        let done = branch.nodes.filter { n in m.nodes[n].targets.contains { if case .branchDone = $0 { true } else { false } } }
        let outcome = branch.nodes.filter { n in m.nodes[n].targets.contains { if case .outcome = $0 { true } else { false } } }
        canDone = backwardsReachable(branch.nodes, goal: Set(done), edges: inside)
        canOutcome = backwardsReachable(branch.nodes, goal: Set(outcome), edges: inside)
        trap = reach.order.first { !canDone.contains($0) && !canOutcome.contains($0) }
    }
}

/// The top level: one token moving between top-level nodes; a parallel block
/// is a node whose exits are its `next` (when the join can fire) and the
/// outcomes its branches can reach.
struct TopLevel {
    var reach = Reach()
    var canFinish: Set<Int> = []

    init(_ m: Machine, branchInfo: [[BranchInfo]], joinFires: [Bool]) {
        func exits(_ n: Int) -> [(String, Target)] {
            guard case .parallel(let b) = m.nodes[n].kind else { return m.nodes[n].labelledTargets(m.expressions) }
            let block = m.blocks[b]
            var out: [(String, Target)] = joinFires[b] ? [("join", block.next)] : []
            for (i, br) in block.branches.enumerated() {
                for node in br.nodes where branchInfo[b][i].reach.contains(node) {
                    for (label, t) in m.nodes[node].labelledTargets(m.expressions) {
                        if case .outcome = t { out.append(("branch \(br.id): \(m.nodes[node].id): \(label)", t)) }
                    }
                }
            }
            return out
        }
        guard case .node(let start) = m.start else { return }
        reach = Reach(from: start) { n in
            exits(n).compactMap { label, t in
                if case .node(let next) = t { return (label, next) }
                return nil
            }
        }
        let top = m.nodes.indices.filter { m.nodes[$0].block == nil }
        let exitsOf = Dictionary(uniqueKeysWithValues: top.map { ($0, exits($0)) })
        let ending = top.filter { n in exitsOf[n]!.contains { _, t in if case .outcome = t { true } else { false } } }
        canFinish = backwardsReachable(top, goal: Set(ending)) { n in
            exitsOf[n]!.compactMap { _, t in
                if case .node(let next) = t { return next }
                return nil
            }
        }
    }
}
