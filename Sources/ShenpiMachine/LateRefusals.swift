/// What a machine says, once, about the refusals an engine can meet after a
/// command's first event: the calendar's (a clock counted past its data)
/// and route loops. The engine checks these before it starts a command in
/// place, so that a command that could still be refused part-way runs on a
/// copy instead of needing an undo log.
public struct LateRefusals: Sendable, Hashable {
    /// The largest amount of each unit a clock of the machine counts: the
    /// case limits, step limits and waits (minutes as written).
    public let maxWorkdays: Int
    public let maxDays: Int
    public let maxMinutes: Int
    /// Some limit counts hours (even 0 of them), which a calendar without
    /// office hours refuses.
    public let hourLimits: Bool
    /// Some limit is negative (the compiler never writes one; a decoded
    /// machine might), which the calendar refuses.
    public let negativeLimit: Bool
    /// Some decision lengthens the case limit (`extend:`), which a clock
    /// refuses once the limit has run out, and the engine past the flow's
    /// ceiling (`limits.extension`): both after the decision's first event.
    public let extendingDecisions: Bool
    /// Some decision pauses or resumes the clocks (`pause:`, `resume:`),
    /// which counts the active steps' clocks again.
    public let pausingDecisions: Bool
    /// A route can lead back to itself through routes and parallel blocks'
    /// first steps, which the engine refuses (`routeLoop`).
    public let routesMayLoop: Bool
    /// The case clock runs on a legal limit in calendar days (no promise),
    /// which rolls past days off under engine rules 9: its due needs the
    /// calendar's data although it counts days.
    public let rollingCaseLimit: Bool

    init(limits: CaseLimits, nodes: [Node], blocks: [Block]) {
        var all = [limits.legal, limits.promised].compactMap { $0 }
        var extending = false, pausing = false
        for node in nodes {
            switch node.kind {
            case .task(let task):
                if let limit = task.limit { all.append(limit) }
                extending = extending || task.transitions.contains { $0.extend != nil }
                pausing = pausing || task.transitions.contains { $0.pause != nil || $0.resume }
            case .wait(let limit, _):
                all.append(limit)
            case .parallel, .route, .call:
                break
            }
        }
        func largest(_ unit: Limit.Unit) -> Int { all.filter { $0.unit == unit }.map(\.amount).max() ?? 0 }
        maxWorkdays = largest(.workdays)
        maxDays = largest(.days)
        maxMinutes = largest(.minutes)
        hourLimits = all.contains { $0.unit == .minutes }
        negativeLimit = all.contains { $0.amount < 0 }
        extendingDecisions = extending
        pausingDecisions = pausing
        routesMayLoop = Self.routesMayLoop(nodes, blocks)
        rollingCaseLimit = limits.promised == nil && limits.legal?.unit == .days
    }

    /// Whether the moves an engine makes without a decision (a route's arm,
    /// a parallel block's branch entries, a join fired by a route's `done`
    /// going on to the block's `next`) contain a cycle.
    static func routesMayLoop(_ nodes: [Node], _ blocks: [Block]) -> Bool {
        // Where `target`, taken by a node of `block`, leads at once: a node,
        // or through `done` the node after the join (and its block's, nested).
        func node(_ target: Target, in block: Int?) -> Int? {
            var target = target, block = block, hops = 0
            while case .branchDone = target, let b = block, b >= 0, b < blocks.count, hops <= blocks.count {
                target = blocks[b].next
                let owner = blocks[b].node
                block = owner >= 0 && owner < nodes.count ? nodes[owner].block : nil
                hops += 1
            }
            if case .node(let m) = target { return m }
            return nil
        }
        func next(_ n: Int) -> [Int] {
            switch nodes[n].kind {
            case .route(let arms):
                return arms.compactMap { node($0.target, in: nodes[n].block) }
            case .parallel(let b):
                return b >= 0 && b < blocks.count ? blocks[b].branches.map(\.entry) : []
            case .task, .wait, .call:
                return []
            }
        }
        // Depth-first, colouring nodes on the path (1) and done (2).
        var colour = [UInt8](repeating: 0, count: nodes.count)
        for root in nodes.indices where colour[root] == 0 {
            var stack: [(node: Int, rest: [Int])] = [(root, next(root))]
            colour[root] = 1
            while !stack.isEmpty {
                guard let m = stack[stack.count - 1].rest.popLast() else {
                    colour[stack.removeLast().node] = 2
                    continue
                }
                guard m >= 0, m < nodes.count else { return true }
                if colour[m] == 1 { return true }
                if colour[m] == 0 {
                    colour[m] = 1
                    stack.append((m, next(m)))
                }
            }
        }
        return false
    }
}
