import ShenpiMachine

/// Flow pauses under rules 2 (`EngineRules`): each parallel branch holds
/// its own, and the clock runs again when none holds it (nor a special
/// procedure). Under rules 1 one pause held for the whole case: a second
/// branch's pause went unrecorded, the first resume restarted the clock, and
/// a branch cancelled by its join left the clock stopped for good.
extension Stepper {
    /// The branch a token stands in, `nil` outside any block.
    mutating func branchRef(ofToken token: Int) -> BranchRef? {
        guard let i = tokenIndex(token) else { return nil }
        return state.readToken(i) { t in t.block.flatMap { b in t.branch.map { BranchRef(block: b, branch: $0) } } }
    }

    /// A decision's `pause:` and `resume:`, taken in `branch`.
    mutating func holdPause(_ reason: String?, resume: Bool, branch: BranchRef?) throws(EngineError) {
        if let reason, let running = state.caseClock.map({ $0.completedAt == nil ? $0.isRunning : nil }) ?? nil,
           !(state.pauseHolds ?? []).contains(where: { $0.branch == branch }) {
            emit(.flowPaused(reason: reason, branch: branch))
            if running { try pauseClocks(reason: reason) }
        }
        // Its own branch's pause; else the latest (a pause begun outside the block, say).
        if resume, let holds = state.pauseHolds, let hold = holds.last(where: { $0.branch == branch }) ?? holds.last {
            emit(.flowResumed(branch: hold.branch))
            if state.pauseHolds == nil, state.specialProcedure == nil { try resumeClocks() }
        }
    }

    /// The pauses held by branches of block `b` that have no work left
    /// (the branch just ended with `done`) end with them.
    mutating func releaseEndedBranches(of b: Int) throws(EngineError) {
        guard let holds = state.pauseHolds else { return }
        var released = false
        for hold in holds {
            guard let branch = hold.branch, branch.block == b,
                  !state.tokens.contains(where: { $0.block == b && $0.branch == branch.branch }) else { continue }
            emit(.flowResumed(branch: branch))
            released = true
        }
        if released, state.pauseHolds == nil, state.specialProcedure == nil { try resumeClocks() }
    }

    /// A block closed (its join fired, cancelling the rest, or every branch
    /// done): the pauses its branches held end with them.
    mutating func releasePauses(within b: Int) throws(EngineError) {
        guard let holds = state.pauseHolds else { return }
        var released = false
        for hold in holds {
            guard let block = hold.branch?.block, isWithin(block, b) else { continue }
            emit(.flowResumed(branch: hold.branch))
            released = true
        }
        if released, state.pauseHolds == nil, state.specialProcedure == nil { try resumeClocks() }
    }

    /// Whether block `inner` is `outer` or nested in it.
    func isWithin(_ inner: Int, _ outer: Int) -> Bool {
        var b: Int? = inner
        var hops = 0
        while let current = b, hops <= machine.blocks.count {
            if current == outer { return true }
            b = machine.nodes[machine.blocks[current].node].block
            hops += 1
        }
        return false
    }
}
