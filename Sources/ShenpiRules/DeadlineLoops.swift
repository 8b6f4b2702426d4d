/// The loops of a flow, as the deadline walk counts them.
///
/// A depth-first search from every step in file order (the first step, then
/// each branch's first step, which start their scopes) classifies the moves
/// between steps of one scope: a move to a step still on the search path is
/// a back edge. Without back edges the flow is acyclic, so a path that takes
/// each back edge at most once is finite, and takes one round of every loop.
/// Back edges are grouped by strongly connected component: only the state of
/// the component a step lies in can change what happens after it.
struct DeadlineLoops {
    /// Steps by number, in file order.
    let number: [String: Int]
    /// For each step: target step → back edge id.
    let back: [[Int: Int]]
    /// For each loop (a component with a back edge): its back edges and the steps they return to.
    let edges: [[Int]]
    let targets: [[Int]]
    /// The loop each step lies in.
    let loopOf: [Int?]
    let edgeCount: Int

    init(_ index: FlowIndex) {
        var ids: [String] = []
        var number: [String: Int] = [:]
        for e in index.steps where number[e.step.id.value] == nil {
            number[e.step.id.value] = ids.count
            ids.append(e.step.id.value)
        }
        let out: [[Int]] = ids.map { id in
            guard let e = index.stepByID[id] else { return [] }
            var seen: Set<Int> = []
            return FlowIndex.targets(of: e.step).compactMap { t in
                guard index.stepByID[t.value]?.scope == e.scope, let n = number[t.value], seen.insert(n).inserted else { return nil }
                return n
            }
        }
        // Tarjan's algorithm, iterative (a flow may be long); `active` marks the search path.
        var order = [Int](repeating: -1, count: ids.count)
        var low = order
        var onStack = [Bool](repeating: false, count: ids.count)
        var active = onStack
        var component = [Int](repeating: -1, count: ids.count)
        var stack: [Int] = []
        var counter = 0
        var components = 0
        var back = [[Int: Int]](repeating: [:], count: ids.count)
        var edgeCount = 0
        func visit(_ v: Int) {
            order[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack[v] = true
            active[v] = true
        }
        for root in ids.indices where order[root] < 0 {
            visit(root)
            var work: [(v: Int, next: Int)] = [(root, 0)]
            while let (v, i) = work.last {
                if i < out[v].count {
                    work[work.count - 1].next += 1
                    let w = out[v][i]
                    if active[w] {
                        back[v][w] = edgeCount
                        edgeCount += 1
                    }
                    if order[w] < 0 {
                        visit(w)
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], order[w])
                    }
                    continue
                }
                work.removeLast()
                active[v] = false
                if let parent = work.last { low[parent.v] = min(low[parent.v], low[v]) }
                guard low[v] == order[v] else { continue }
                while let w = stack.popLast() {
                    onStack[w] = false
                    component[w] = components
                    if w == v { break }
                }
                components += 1
            }
        }
        // Number the components that hold a back edge (each back edge lies inside one).
        var loopOfComponent: [Int: Int] = [:]
        var edges: [[Int]] = []
        var targets: [[Int]] = []
        for v in ids.indices {
            for (w, edge) in back[v].sorted(by: { $0.value < $1.value }) {
                let c = component[v]
                let loop = loopOfComponent[c] ?? edges.count
                if loop == edges.count {
                    loopOfComponent[c] = loop
                    edges.append([])
                    targets.append([])
                }
                edges[loop].append(edge)
                if !targets[loop].contains(w) { targets[loop].append(w) }
            }
        }
        self.number = number
        self.back = back
        self.edges = edges.map { $0.sorted() }
        self.targets = targets.map { $0.sorted() }
        self.loopOf = component.map { loopOfComponent[$0] }
        self.edgeCount = edgeCount
    }
}
