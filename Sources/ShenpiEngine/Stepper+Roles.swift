import ShenpiMachine

/// Who may do what is not a step's own decision. The machine names roles
/// only on task steps, so each rule is a set of task roles, read off the
/// machine and the case; an officer must hold one of them.
///
/// - `receive`: the window, i.e. the roles of the first task steps a case
///   reaches from `start` (through routes, parallel blocks, waits and calls).
/// - special procedures: the roles of the active task steps — the officer
///   handling the case arranges the hearing, test or expert review.
/// - `extend`: the role `limits.extension` names (Art. 42: the head of the
///   agency approves). A flow without one keeps the earlier rule, so its
///   stored cases replay: the roles of the active task steps and of every
///   task step still ahead of them, not an officer whose part is done.
extension Stepper {
    mutating func require(_ by: Actor, anyOf roles: [String], to command: String) throws(EngineError) {
        guard roles.contains(where: by.roles.contains) else {
            throw .actorLacksRoles(actor: by.id, command: command, roles: roles.sorted())
        }
    }

    /// The roles of the first task steps after `start` (`MachineTables.windowRoles`).
    var windowRoles: [String] { machine.windowRoles }

    /// (`activeRoles`, the special procedures' rule, is in Stepper+Timers.swift.)
    var rolesAhead: [String] { machine.taskRoles(from: state.tokens.map(\.node), onward: true) }
}

extension MachineTables {
    /// The roles of the first task steps after `start` — the window, who
    /// receives an application; empty only when the start reaches no task
    /// step (then anybody may receive).
    public var windowRoles: [String] {
        guard let first = node(of: start, from: nil) else { return [] }
        return taskRoles(from: [first], onward: false)
    }

    /// The roles of the task steps after the window's (every task but the
    /// first ones after `start`), and the approver of extensions: those
    /// who handle the case past its receipt. A window role is among them
    /// only where it also decides a later step, or where there is no later
    /// step (then the window's roles).
    public var handlingRoles: Set<String> {
        let first = node(of: start, from: nil).map { taskNodes(from: [$0], onward: false) } ?? []
        var roles = Set<String>()
        for (n, task) in tasks.enumerated() where !first.contains(n) { if let task { roles.insert(task.role) } }
        if let by = limits.extensionAllowance?.by { roles.insert(by) }
        // An item handled at the window alone (a 即办件 of one step): the window handles it.
        return roles.isEmpty ? Set(windowRoles) : roles
    }

    /// The roles of the tasks reached from `starts`, sorted. Not `onward`: the
    /// first tasks on each path; `onward`: every task on the way.
    func taskRoles(from starts: [Int], onward: Bool) -> [String] {
        Set(taskNodes(from: starts, onward: onward).compactMap { tasks[$0]?.role }).sorted()
    }

    /// The task nodes reached from `starts` (see `taskRoles`).
    func taskNodes(from starts: [Int], onward: Bool) -> Set<Int> {
        var found = Set<Int>(), seen = Set<Int>(), stack = starts
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            let node = nodes[n]
            var next = node.targets
            switch node.kind {
            case .task:
                found.insert(n)
                if !onward { continue }
            case .parallel(let b):
                next = blocks[b].branches.map { .node($0.entry) } + (onward ? [blocks[b].next] : [])
            case .route, .wait, .call:
                break
            }
            stack += next.compactMap { self.node(of: $0, from: node.block) }
        }
        return found
    }

    /// The node a target leads to; `done` leads to the `next` of `block`.
    private func node(of target: Target, from block: Int?) -> Int? {
        switch target {
        case .node(let n): return n
        case .outcome: return nil
        case .branchDone:
            guard let b = block else { return nil }
            return node(of: blocks[b].next, from: nodes[blocks[b].node].block)
        }
    }
}
