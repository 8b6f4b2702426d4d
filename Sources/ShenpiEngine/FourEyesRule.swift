import ShenpiMachine

/// Four-eyes on a step entered from a parallel join. The engine compares the
/// decider with `previousDecider`, the one person whose decision closed the
/// join; the steps before such a step are the last steps of every branch
/// counted, so whoever decided any of them may not decide it either (the
/// property-transfer reviewer who passed the registration branch must not
/// record the deed because the tax branch happened to finish last). The
/// hosts (the API, the scenario runner) refuse it before the engine sees the
/// decision; the engine accepted it in earlier releases and stored cases are
/// replayed through it (`shenpi audit verify`), so it keeps doing so.
/// Names are compared in any letter case (`OfficerName`) here and on a plain
/// four-eyes step, where the engine compares them exactly, for the same
/// reason: a case decided by `chen.land` and then `CHEN.LAND` replays.
public enum FourEyesRule {
    /// The refusal of `command` when it decides a four-eyes task entered from
    /// a join whose branches `command`'s actor helped finish; `nil` where the
    /// engine's own checks decide (an unknown decision, a missing role, a
    /// step that is not active …). `events`: the case's history, in order.
    public static func refusal(of command: Command, on machine: Machine, events: () throws -> [CaseEvent]) rethrows -> EngineError? {
        guard case .decide(let name, let decision, let actor, _, _, _) = command, let n = machine.node(named: name),
              case .task(let task) = machine.nodes[n].kind, task.fourEyes,
              task.transitionIndex(named: decision) != nil, actor.holds(task.role) else { return nil }
        let history = try events()
        // The one person whose decision led here: the engine refuses the same name, this one in other letters.
        let state = CaseState.replay(history)
        if let token = state.tokens.first(where: { $0.node == n }), let previous = token.previousDecider,
           previous != actor.id, OfficerName.same(previous, actor.id) {
            return .fourEyesViolated(node: name, actor: actor.id)
        }
        let deciders = branchDeciders(before: n, in: history, machine: machine)
        guard let step = deciders[actor.id] ?? deciders.filter({ OfficerName.same($0.key, actor.id) }).min(by: { $0.key < $1.key })?.value else { return nil }
        return .fourEyesAfterJoin(node: name, actor: actor.id, branchStep: step)
    }

    /// Who decided the last step of a branch of the join that entered the
    /// active token at `node`, with that step: empty when that token was not
    /// entered by a join.
    static func branchDeciders(before node: Int, in events: [CaseEvent], machine: Machine) -> [String: String] {
        func enteredHere(_ event: CaseEvent) -> Bool { if case .entered(let t) = event.fact { t.node == node } else { false } }
        guard var e = events.lastIndex(where: enteredHere), case .entered(let token) = events[e].fact,
              !events[(e + 1)...].contains(where: { if case .left(token.id, _) = $0.fact { true } else { false } })
        else { return [:] }
        // A decision back to this step (an extension) entered it anew: the
        // entry that counts is the one before, perhaps from the join.
        let name = machine.nodes[node].id
        while true {
            var first = e
            while first > 0, events[first - 1].version == events[e].version { first -= 1 }
            let loop = events[first..<e].contains { if case .decided(let step, _, _) = $0.fact { step == name } else { false } }
            guard loop, let earlier = events[..<first].lastIndex(where: enteredHere) else { break }
            e = earlier
        }
        // The join closes in the command that enters the step (through routes, perhaps).
        var closed = e - 1
        var block: Int?
        while closed >= 0, events[closed].version == events[e].version {
            if case .joinClosed(let b) = events[closed].fact { block = b; break }
            closed -= 1
        }
        guard let block,
              let opened = events[..<closed].lastIndex(where: { if case .joinOpened(block) = $0.fact { true } else { false } })
        else { return [:] }
        // Each branch counted: the command that counted it acted in one branch
        // (its first decision in the block says which); whoever last decided a
        // task of that branch by then finished it — directly, or through a
        // route or a wait that ended on its own.
        var deciders: [String: String] = [:]
        for k in opened...closed {
            guard case .joinCounted(block, _) = events[k].fact else { continue }
            let version = events[k].version
            var first = k
            while first > opened, events[first - 1].version == version { first -= 1 }
            guard let branch = events[first...k].lazy.compactMap({ e -> Int? in
                guard case .decided(let step, _, _) = e.fact, let m = machine.node(named: step), machine.nodes[m].block == block else { return nil }
                return machine.nodes[m].branch
            }).first else { continue }
            let last = events[opened...k].last { e in
                guard !e.automatic, case .decided(let step, _, _) = e.fact, let m = machine.node(named: step) else { return false }
                guard case .task = machine.nodes[m].kind else { return false }
                return machine.nodes[m].block == block && machine.nodes[m].branch == branch
            }
            if let last, case .decided(let step, _, _) = last.fact { deciders[last.actor] = step }
        }
        return deciders
    }
}
