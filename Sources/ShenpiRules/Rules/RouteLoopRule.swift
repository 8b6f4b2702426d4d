import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// `route-loop`: routes (and parallel blocks whose join can fire as soon as
/// they are entered) lead back to where they started without passing a
/// step where the case waits — a task or a wait. A case that takes that way
/// would go round forever at one instant; the engine refuses the decision
/// that leads into it (`route-loop`, 422), so the case cannot move on from
/// the step before. Conditions are not evaluated: the loop is reported when
/// some answers could take it, as the other soundness rules do.
public struct RouteLoopRule: Rule {
    public let id = "route-loop"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let compiled = c.compiled else { return [] }
        let graph = InstantMoves(compiled.machine)
        return graph.loops().map { loop in
            let m = compiled.machine
            let first = loop[0]
            let names = (loop + [first]).map { "\"\(m.nodes[$0].id)\"" }.joined(separator: " → ")
            var notes = [DiagnosticNote("the loop: " + names)]
            for (i, n) in loop.enumerated() {
                // A loop that goes on from a block without entering it passes its join.
                guard case .parallel(let b) = m.nodes[n].kind, m.nodes[loop[(i + 1) % loop.count]].block != b,
                    let found = graph.instantBranchPath(b)
                else { continue }
                let through = found.path.map { "\"\(m.nodes[$0].id)\"" }.joined(separator: " → ")
                notes.append(DiagnosticNote("the join of \"\(m.nodes[n].id)\" fires at once: branch \"\(m.blocks[b].branches[found.branch].id)\" ends at once through \(through) → done"))
            }
            notes.append(DiagnosticNote("send one of the routes' entries to a step where an officer decides, or out of the loop"))
            return c.diagnostic(id, .error, "\(kindName(m.nodes[first])) \"\(m.nodes[first].id)\" can lead back to itself without stopping at a step; a case that takes this way would go round forever",
                                at: compiled.nodeRanges[first], notes: notes)
        }
    }

    func kindName(_ node: ShenpiMachine.Node) -> String {
        if case .parallel = node.kind { return "parallel block" }
        return "route"
    }
}

/// The moves a case makes without waiting: a route to the node its entry
/// names, a parallel block into its branches' first steps and, when enough
/// branches can end at once for its join, on to the block's `next`.
struct InstantMoves {
    let machine: Machine
    private(set) var successors: [[Int]] = []

    init(_ machine: Machine) {
        self.machine = machine
        successors = machine.nodes.indices.map(moves)
    }

    private func moves(from n: Int) -> [Int] {
        switch machine.nodes[n].kind {
        case .route(let arms):
            return arms.compactMap { if case .node(let m) = $0.target { return m } else { return nil } }
        case .parallel(let b):
            let block = machine.blocks[b]
            var out = block.branches.map(\.entry)
            let atOnce = block.branches.indices.filter { instantPath(from: block.branches[$0].entry) != nil }.count
            if atOnce >= block.required, case .node(let m) = block.next { out.append(m) }
            return out
        case .task, .wait, .call:
            return []
        }
    }

    /// Routes only, from `start` to a `done`: the nodes passed.
    func instantPath(from start: Int) -> [Int]? {
        // Depth first in the order of the arms, iterative (as `loops`): a
        // long chain of routes in a branch must not exhaust the stack.
        var seen: Set<Int> = []
        var path: [(node: Int, arm: Int)] = []
        func push(_ n: Int) {
            guard seen.insert(n).inserted, case .route = machine.nodes[n].kind else { return }
            path.append((n, 0))
        }
        push(start)
        while let (n, i) = path.last {
            guard case .route(let arms) = machine.nodes[n].kind, i < arms.count else {
                path.removeLast()
                continue
            }
            path[path.count - 1].arm += 1
            switch arms[i].target {
            case .branchDone: return path.map(\.node)
            case .node(let m): push(m)
            case .outcome: continue
            }
        }
        return nil
    }

    /// The first branch of block `b` that can end at once, and its path.
    func instantBranchPath(_ b: Int) -> (branch: Int, path: [Int])? {
        for (i, branch) in machine.blocks[b].branches.enumerated() {
            if let path = instantPath(from: branch.entry) { return (i, path) }
        }
        return nil
    }

    /// One loop per group of nodes that can reach each other (Tarjan's
    /// strongly connected components), starting at its earliest node in
    /// the file and following moves inside the group back to it.
    func loops() -> [[Int]] {
        let count = successors.count
        var index = [Int](repeating: -1, count: count), low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count), stack: [Int] = [], next = 0
        var groups: [[Int]] = []
        // Iterative, so a long chain of routes cannot exhaust the stack.
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while let (v, e) = work.last {
                if e < successors[v].count {
                    work[work.count - 1].edge += 1
                    let w = successors[v][e]
                    if index[w] < 0 {
                        index[w] = next; low[w] = next; next += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                guard low[v] == index[v] else { continue }
                var group: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    group.append(w)
                    if w == v { break }
                }
                if group.count > 1 || successors[v].contains(v) { groups.append(group) }
            }
        }
        return groups.map(cycle).sorted { $0[0] < $1[0] }
    }

    /// A cycle through `group`'s earliest node, by breadth-first search
    /// inside the group (the shortest way back).
    private func cycle(_ group: [Int]) -> [Int] {
        let members = Set(group)
        let start = group.min()!
        var parent: [Int: Int] = [:]
        var queue = [start], head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for w in successors[v] where members.contains(w) {
                if w == start {
                    var path = [v]
                    while path[0] != start { path.insert(parent[path[0]]!, at: 0) }
                    return path
                }
                if parent[w] == nil { parent[w] = v; queue.append(w) }
            }
        }
        return [start]
    }
}
