import ShenpiCalendar
import ShenpiMachine

/// 特别程序 (Art. 45: hearing, testing, expert review …): the clocks stop
/// while one runs. Under rules 5 each begins at a step, whose role ends it,
/// and several steps may run their own at once.
extension Stepper {
    mutating func startSpecialProcedure(_ reason: String, _ by: Actor, expected: TimeLimit?, step: String?) throws(EngineError) {
        guard let clock = state.caseClock else { throw .notAccepted }
        // What stops it now, from the case: the clock keeps its first reason
        // while a flow pause outlasts the special procedure it began in.
        // Rules 5: a clock another step's special procedure or a flow pause
        // already stopped does not keep this step from starting its own (one
        // department's testing beside another's hearing); it holds the clocks
        // until the last hold ends.
        let whilePaused = state.ruleset >= 5 && clock.completedAt == nil
        guard clock.isRunning || whilePaused else {
            throw .clockNotRunning(stoppedFor: clock.completedAt == nil ? (state.specialProcedure ?? state.flowPause ?? clock.pausedFor) : nil)
        }
        try require(by, anyOf: activeRoles, to: "start a special procedure")
        // Rules 5: at a step, whose role alone ends it: in a parallel review
        // one department's officer does not end another's testing. A step
        // named on an older case is checked too (a refusal records nothing).
        let at = state.ruleset >= 5 || step != nil ? try specialProcedureStep(step, by) : nil
        if let at, let held = state.specialProcedures?.first(where: { $0.step == at }) { throw .specialProcedureAtStep(step: at, reason: held.reason) }
        act(as: by)
        emit(.specialProcedureStarted(reason: reason, expected: expected, step: state.ruleset >= 5 ? at : nil))
        if clock.isRunning {
            try pauseClocks(reason: reason)
        } else {
            // Steps entered since the clock stopped run their own clocks; this one stops them too.
            try pauseStepClocks(reason: text(reason))
        }
        // Art. 45: the applicant is told in writing how long it takes.
        let duration = expected.map { "预计需要\(TemplateRenderer.duration($0))，" } ?? ""
        // A procedure started with its duration (this release on) quotes its reason as every new notice does;
        // one without it (a stored case, replayed) reads as it always did.
        let quoted = expected == nil ? reason : TemplateRenderer.reason(quote(reason))
        notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）进入特别程序（\(quoted)），\(duration)所需时间不计入办理时限。")
    }


    mutating func endSpecialProcedure(_ by: Actor, step: String?) throws(EngineError) {
        guard state.specialProcedure != nil else { throw .noSpecialProcedure }
        var ended: SpecialProcedureHold?
        if let held = state.specialProcedures {
            // Rules 5: the one named, else the first this officer may end.
            if let step {
                guard let h = held.first(where: { $0.step == step }) else {
                    throw machine.node(step) == nil ? .nodeUnknown(step) : .noSpecialProcedureAt(step: step)
                }
                ended = h
            } else {
                // The officer's own (its step active, its role held) before one whose step has left.
                ended = held.first(where: { h in activeTaskRole(h.step).map(by.roles.contains) ?? false })
                    ?? held.first(where: { mayEnd($0, by) }) ?? held[0]
            }
            try requireToEnd(ended ?? held[0], by)
        } else {
            try require(by, anyOf: activeRoles, to: "end the special procedure")
        }
        act(as: by)
        emit(.specialProcedureEnded(step: ended?.step))
        try specialProcedureEnded(ended)
    }

    /// After a special procedure ended: the clocks run again unless another
    /// hold keeps them stopped, and the applicant is told which.
    mutating func specialProcedureEnded(_ ended: SpecialProcedureHold?) throws(EngineError) {
        if let other = state.specialProcedure, let ended {
            // Another step's special procedure still holds the clock.
            notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）特别程序（\(TemplateRenderer.reason(quote(ended.reason)))）已结束；"
                            + "办理时限因特别程序（\(TemplateRenderer.reason(quote(other)))）仍暂停计时，恢复计时后另行告知办结日期。")
            return
        }
        if state.flowPause == nil { try resumeClocks() }
        // Rules 2: a flow's pause still holds the clock; the notice says so
        // (under rules 1 it said the clock ran again, due "when it resumes").
        // Rules 5 names the one that ended: several may have run.
        let which = ended.map { "特别程序（\(TemplateRenderer.reason(quote($0.reason)))）" } ?? "特别程序"
        if state.ruleset >= 2, let pause = state.flowPause {
            notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）\(which)已结束；办理时限因\(pause)仍暂停计时，恢复计时后另行告知办结日期。")
        } else if state.ruleset >= 7, let due = place.pointee.caseDue.due, now >= due {
            // Rules 7: a limit that ran out before the procedure began is not a
            // due date to announce (`办结日期为2026-10-19` told on 10-21).
            notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）\(which)已结束，恢复计时；办理时限已于\(dueText)届满，我们将尽快办结。")
        } else {
            notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）\(which)已结束，恢复计时，办结日期为\(dueText)。")
        }
    }

    /// Rules 8: the branches of block `b` (by index) that still have work,
    /// which its join, firing now, cancels.
    mutating func branchesWithWork(in b: Int) -> Set<Int> {
        let region = machine.blocks[b].cancellation
        var out: Set<Int> = []
        for token in state.tokens where region.contains(token.node) {
            if let branch = branch(of: token.node, in: b) { out.insert(branch) }
        }
        return out
    }

    /// The branch of block `b` that node `n` lies in, through nested blocks.
    func branch(of n: Int, in b: Int) -> Int? {
        var (block, branch) = (machine.nodes[n].block, machine.nodes[n].branch)
        var hops = 0
        while let current = block, current != b, hops <= machine.blocks.count {
            let outer = machine.blocks[current].node
            (block, branch) = (machine.nodes[outer].block, machine.nodes[outer].branch)
            hops += 1
        }
        return block == b ? branch : nil
    }

    /// Rules 8: a special procedure begun in a branch its join cancels ends
    /// with the branch: that department's work is called off, so its testing
    /// no longer holds the clock (under older rules it held it until someone
    /// who knew of it ended it by hand). One that outlived a branch finished
    /// with `done` goes on, as any procedure outlives its step.
    mutating func endSpecialProcedures(inCancelled branches: Set<Int>, of b: Int) throws(EngineError) {
        var ended: [SpecialProcedureHold] = []
        for held in state.specialProcedures ?? [] {
            guard let node = machine.node(held.step), let branch = branch(of: node, in: b), branches.contains(branch) else { continue }
            emit(.specialProcedureEnded(step: held.step))
            ended.append(held)
        }
        guard let last = ended.last else { return }
        // One notice for all of them: ending them one by one would tell the
        // applicant the clock stays stopped for one that ends a moment later.
        try specialProcedureEnded(SpecialProcedureHold(reason: ended.map(\.reason).joined(separator: "、"), step: last.step))
    }

    /// Rules 5: the role of the step a special procedure began at ends it;
    /// once that step is no longer active (a hearing outlasts the step that
    /// called it), any active step's may too, so that someone can.
    func mayEnd(_ held: SpecialProcedureHold, _ by: Actor) -> Bool {
        endingRoles(held).contains(where: by.roles.contains)
    }

    func requireToEnd(_ held: SpecialProcedureHold, _ by: Actor) throws(EngineError) {
        let roles = endingRoles(held)
        guard roles.contains(where: by.roles.contains) else {
            throw .actorLacksRoles(actor: by.id, command: "end the special procedure started at \(held.step)", roles: roles.sorted())
        }
    }

    /// The role of `step` while a token stands on it as a task.
    func activeTaskRole(_ step: String) -> String? {
        for token in state.tokens where machine.nodes[token.node].id == step {
            if case .task(let task) = machine.nodes[token.node].kind { return task.role }
        }
        return nil
    }

    func endingRoles(_ held: SpecialProcedureHold) -> [String] {
        if let role = activeTaskRole(held.step) { return [role] }
        let own: [String] = if let node = machine.node(held.step), case .task(let task) = machine.nodes[node].kind { [task.role] } else { [] }
        return own + activeRoles.filter { !own.contains($0) }
    }

    /// The active task step a special procedure starts at: the one named,
    /// whose role the officer must hold, else the first (in token order)
    /// whose role they hold.
    mutating func specialProcedureStep(_ name: String?, _ by: Actor) throws(EngineError) -> String {
        if let name {
            guard let i = activeToken(named: name), case .task(let task) = machine.nodes[state.tokens[i].node].kind else {
                throw machine.node(name) == nil ? .nodeUnknown(name) : .nodeNotActive(name)
            }
            try require(by, anyOf: [task.role], to: "start a special procedure at \(name)")
            return name
        }
        for token in state.tokens {
            if case .task(let task) = machine.nodes[token.node].kind, by.roles.contains(task.role) { return machine.nodes[token.node].id }
        }
        throw .actorLacksRoles(actor: by.id, command: "start a special procedure", roles: activeRoles.sorted())
    }
}
