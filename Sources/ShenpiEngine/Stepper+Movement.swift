import ShenpiCalendar
import ShenpiExpression
import ShenpiMachine

/// Moving tokens: decisions, routes, waits, parallel blocks and outcomes.
extension Stepper {
    /// Takes transition `ti` of a task (by an officer, or automatically on
    /// timeout). The token is given by id and node: a copy of it (its clock)
    /// was a visible part of every decision.
    mutating func perform(_ ti: Int, token: Int, node n: Int, comment: String?, returned: MaterialSet = MaterialSet(),
                          expected: TimeLimit? = nil) throws(EngineError) {
        // The node's fields are read where needed: copying the node (and its
        // task) was a visible part of every decision.
        // Read through the machine's reference: binding the task or the
        // transition copied their texts and lists.
        guard let task = machine.tasks[n] else { return }
        // Rules 2 hold a flow pause by the branch whose decision starts or ends it.
        let branch = state.ruleset >= 2 ? branchRef(ofToken: token) : nil
        record(.decided(node: n, decision: .transition(ti), comment: comment.map { text($0) }))
        decisionComment = comment
        // The officer's word on how long the pause takes (Art. 45) stands in for the flow's.
        if let expected { emit(.pauseExpected(expected: expected)) }
        pauseExpected = expected.map(Limit.init) ?? task.transitions[ti].pauseExpected
        var missing: [Int] = []
        let requestSupplement = task.transitions[ti].requestSupplement, target = task.transitions[ti].target
        if requestSupplement {
            // 一次性告知: everything missing at this step, in one notice, with
            // what was handed in and found defective.
            missing = returned.isEmpty ? missingMaterials(at: task) : Array(MaterialSet(missingMaterials(at: task)).union(returned))
            emit(.supplementRequested(node: machine.nodes[n].id, missing: missing.map { machine.materials[$0].id },
                                      returned: returned.isEmpty ? nil : Array(returned)))
        }
        try acceptIfMovingOn(from: n, to: target)
        // Rules 6: also a timeout's decision back to the step keeps its reference.
        let decider = state.ruleset >= 6 && target == .node(n) ? keptDecider(token) : automatic ? .none : currentDecider()
        leave(token, cancelled: false)
        // A flow's pause and an officer's special procedure can overlap: the
        // clock runs again only when both have ended.
        if state.ruleset >= 2 {
            try holdPause(task.transitions[ti].pause, resume: task.transitions[ti].resume, branch: branch)
        } else {
            if let reason = task.transitions[ti].pause, state.flowPause == nil, let clock = state.caseClock, clock.completedAt == nil {
                emit(.flowPaused(reason: reason))
                if clock.isRunning { try pauseClocks(reason: reason) }
            }
            if task.transitions[ti].resume, state.flowPause != nil {
                emit(.flowResumed())
                if state.specialProcedure == nil { try resumeClocks() }
            }
        }
        // Under `limits.extension` a timeout approves nothing (the compiler
        // refuses such a flow; a machine decoded from elsewhere may still
        // have one): its decision moves on without extending, and without
        // its notices, which would announce an extension that did not
        // happen; nor can the ceiling refuse it and leave its timer stuck.
        let timeoutUnderCeiling = automatic && machine.limits.extensionAllowance != nil && task.transitions[ti].extend != nil
        if let extra = task.transitions[ti].extend, let clock = state.caseClock, clock.completedAt == nil, !timeoutUnderCeiling {
            try checkExtensionAllowance(extra.timeLimit.amount)
            // Under a ceiling the decision's comment is recorded as the
            // extension's reason, as an `extend` command's is; machines
            // without one (stored cases) keep recording none.
            let reason = machine.limits.extensionAllowance == nil ? nil : comment.flatMap { TemplateRenderer.saysSomething($0) ? $0 : nil }
            try extendCaseClock(by: extra.timeLimit.amount, approver: actorID, reason: reason)
        }
        if !timeoutUnderCeiling {
            for notice in machine.transitionNotices[n][ti] { notify(notice, step: machine.nodes[n].title, missing: missing) }
        }
        // Rules 2: the step that waits knows what its request asked for.
        try move(to: target, decider: decider, awaitingApplicant: requestSupplement,
                 awaiting: requestSupplement && state.ruleset >= 2 ? missing : nil, block: machine.nodes[n].block)
    }

    /// The actor of the moment as the decider a token entered next records.
    mutating func currentDecider() -> RecordedFact.Decider {
        actor == .officer ? .officer : .text(text(actorID))
    }

    /// Rules 6: a decision that keeps the case at its step (an extension, an
    /// expert review) is not the step's decision, so the step keeps its
    /// four-eyes reference, whoever decided the step before it. Under older
    /// rules the officer who extended could no longer decide the step.
    mutating func keptDecider(_ token: Int) -> RecordedFact.Decider {
        guard let i = state.tokenIndex(token), let previous = state.readToken(i, { $0.previousDecider }) else { return .none }
        return .text(text(previous))
    }

    /// Acceptance: the first decision that moves the case from one step to
    /// another. By timeout it is deemed (视为受理) from the receipt of the materials.
    /// Rules 7: also one straight to a granted or refused outcome (当场办结: an
    /// immediate item's only step decides on the merits, which only an
    /// accepted application gets); not-accepted and withdrawn stay unaccepted.
    mutating func acceptIfMovingOn(from node: Int, to target: Target) throws(EngineError) {
        guard state.acceptedAt == nil, accepts(target, from: node) else { return }
        let start = automatic ? (state.receivedAt ?? now) : now
        record(.accepted(deemed: automatic, clockStart: start))
        try startCaseClock(at: start)
    }

    /// Whether a decision at `node` moving to `target` accepts a case not yet accepted.
    func accepts(_ target: Target, from node: Int) -> Bool {
        switch target {
        case .node(let next): return next != node
        case .outcome(let o): return state.ruleset >= 7 && ["granted", "refused"].contains(machine.outcomes[o].kind)
        case .branchDone: return false
        }
    }

    /// Moves to a target: enters a node, finishes the case, or ends the
    /// branch of `block` (the block of the node moved from).
    mutating func move(to target: Target, decider: RecordedFact.Decider, awaitingApplicant: Bool = false, awaiting: [Int]? = nil,
                       block: Int? = nil, hops: Int = 0) throws(EngineError) {
        guard !isFinished else { return }
        switch target {
        case .outcome(let o):
            try finish(o)
        case .branchDone:
            guard let b = block else { return }
            try countJoin(b, decider: decider, hops: hops)
        case .node(let n):
            try enter(n, decider: decider, awaitingApplicant: awaitingApplicant, awaiting: awaiting, hops: hops)
        }
    }

    mutating func enter(_ n: Int, decider: RecordedFact.Decider, awaitingApplicant: Bool, awaiting: [Int]? = nil, hops: Int) throws(EngineError) {
        let id = state.nextToken
        // Tasks first, by their tag alone: the switch below copies the node.
        if case .task = machine.nodes[n].kind {
            record(.entered(token: id, node: n, decider: decider, awaitingApplicant: awaitingApplicant, waitEnds: nil,
                            awaiting: awaitingApplicant ? awaiting : nil))
            if !awaitingApplicant { try startStepClock(id) }
            return
        }
        switch machine.nodes[n].kind {
        case .task:
            break
        case .call:
            record(.entered(token: id, node: n, decider: decider, awaitingApplicant: awaitingApplicant, waitEnds: nil,
                            awaiting: awaitingApplicant ? awaiting : nil))
        case .wait(let limit, _):
            let ends = try clockDue(limit.timeLimit, from: now)
            record(.entered(token: id, node: n, decider: decider, awaitingApplicant: awaitingApplicant, waitEnds: ends,
                            awaiting: awaitingApplicant ? awaiting : nil))
            schedule(.waitEnds, token: id, at: ends)
        case .route(let arms):
            guard hops <= machine.nodes.count else { throw .routeLoop(machine.nodes[n].id) }
            let chosen = arms.indices.first { i in arms[i].condition.map { holds($0) } ?? true } ?? arms.count - 1
            try automatically { (s: inout Stepper) throws(EngineError) in
                s.record(.decided(node: n, decision: .arm(chosen), comment: nil))
            }
            try move(to: arms[chosen].target, decider: decider, block: machine.nodes[n].block, hops: hops + 1)
        case .parallel(let b):
            record(.joinOpened(block: b))
            // Every branch enters a step, most with a timeout and a warning:
            // make room once rather than doubling on the way.
            let branches = machine.blocks[b].branches.count
            state.tokens.reserveCapacity(state.tokens.count + branches)
            state.pendingTimers.reserveCapacity(state.pendingTimers.count + 2 * branches)
            let closed = joinsClosed
            for branch in machine.blocks[b].branches {
                // A branch may end the case or fire the join while the block starts.
                guard !isFinished, joinsClosed == closed || state.joins[b] != nil else { break }
                try enter(branch.entry, decider: decider, awaitingApplicant: false, hops: hops)
            }
        }
    }

    /// A branch ended with `done`: count it; when the join fires, cancel the
    /// block's remaining work (its cancellation region) and go on to `next`.
    /// `hops` carries on the moves made without a decision: a join a
    /// route's `done` fires can lead back to that route (`routeLoop`).
    mutating func countJoin(_ b: Int, decider: RecordedFact.Decider, hops: Int = 0) throws(EngineError) {
        guard let count = state.joins[b] else { return }
        let fires = count + 1 >= machine.blocks[b].required
        try automatically { (s: inout Stepper) throws(EngineError) in
            s.record(.joinCounted(block: b, count: count + 1))
            // Rules 2: a branch that ended (by a decision, a route, a wait or a
            // call) with its pause still on releases it.
            if s.state.ruleset >= 2 { try s.releaseEndedBranches(of: b) }
            if fires {
                let cancelled = s.state.ruleset >= 8 ? s.branchesWithWork(in: b) : []
                s.closeBlock(b)
                if s.state.ruleset >= 2 { try s.releasePauses(within: b) }
                if !cancelled.isEmpty { try s.endSpecialProcedures(inCancelled: cancelled, of: b) }
            }
        }
        // A nested block's `done` counts for the block around it.
        if fires { try move(to: machine.blocks[b].next, decider: decider, block: machine.nodes[machine.blocks[b].node].block, hops: hops + 1) }
    }

    mutating func closeBlock(_ b: Int) {
        let region = machine.blocks[b].cancellation
        for token in tokenIDs(where: { region.contains($0.node) }) { leave(token, cancelled: true) }
        record(.joinClosed(block: b))
        joinsClosed += 1
    }

    /// A token leaves its step; its timers go with it.
    mutating func leave(_ token: Token, cancelled: Bool) {
        leave(token.id, cancelled: cancelled)
    }

    mutating func leave(_ token: Int, cancelled: Bool) {
        let timers = pendingTimers(of: token)
        for i in 0 ..< timers.count { cancelTimer(timers[i]) }
        record(.left(token: token, cancelled: cancelled))
    }

    // Loops that remove what they iterate go over ids copied out first:
    // iterating `state.tokens` or `state.pendingTimers` itself would keep the
    // array shared, so every removal would copy it whole.

    /// Ids of the tokens matching `match`, in order.
    mutating func tokenIDs(where match: (Token) -> Bool) -> Few<Int> {
        var ids = Few<Int>(0)
        for i in state.tokens.indices where match(state.tokens[i]) { ids.append(state.tokens[i].id) }
        return ids
    }

    /// The pending timers of `token` (all of them for `nil`), in order, as
    /// `cancelTimer` takes them.
    mutating func pendingTimers(of token: Int?) -> TimerRefs {
        var refs = TimerRefs()
        for i in state.pendingTimers.indices where token == nil || state.pendingTimers[i].token == token {
            let (kind, owner) = (state.pendingTimers[i].kind, state.pendingTimers[i].token)
            if state.pendingTimers[i].id == Self.timerID(kind, owner) {
                refs.append(.engine(kind, owner))
            } else {
                refs.append(.id(text(state.pendingTimers[i].id)))
            }
        }
        return refs
    }

    /// Ends the case with outcome `o`: every other branch's work and timers
    /// are cancelled, and the case clock is judged now, at completion.
    mutating func finish(_ o: Int) throws(EngineError) {
        try automatically { (s: inout Stepper) throws(EngineError) in
            for token in s.tokenIDs(where: { _ in true }) { s.leave(token, cancelled: true) }
            for b in s.state.joins.keys.sorted() {
                s.record(.joinClosed(block: b))
                s.joinsClosed += 1
            }
            let timers = s.pendingTimers(of: nil)
            for i in 0 ..< timers.count { s.cancelTimer(timers[i]) }
        }
        var onTime: Bool?
        if let judged = place.pointee.caseClock?.completion(at: now, calendar: calendar) {
            record(.clockChanged(.caseClock, .completed(at: now), due: judged.due, warnAt: nil))
            onTime = judged.onTime
        } else if state.caseClock.map({ $0.completedAt == nil }) == true {
            let legal = try changeClock(.caseClock, .completed(at: now))
            onTime = (try? legal.reading(at: now).level).map { $0 != .overdue }
        }
        record(.finished(outcome: o, onTime: onTime))
        for notice in machine.outcomeNotices[o] { notify(notice, step: machine.outcomes[o].title, missing: []) }
    }

    /// Whether condition `c` holds on the case's fields today. A condition
    /// that cannot be evaluated (a field not given) does not hold. Conditions
    /// are parsed once per machine (`MachineTables`); the context once per
    /// command (`conditionContext`).
    mutating func holds(_ c: Int) -> Bool {
        guard let expr = machine.condition(c) else { return false }
        return (try? evaluateCondition(expr, context: conditionContext())) ?? false
    }

    /// The evaluation context of this command's conditions, built on first
    /// use and kept in `context` (a stored memo: a class to fill it from
    /// non-mutating helpers cost an allocation on every command).
    mutating func conditionContext() -> EvaluationContext {
        if let context { return context }
        let submittedIDs = Set(state.submitted.map { machine.materials[$0].id })
        let context = EvaluationContext(fields: state.fields.mapValues(\.value), submittedMaterials: submittedIDs, today: now.date)
        self.context = context
        return context
    }
}

/// A short list kept inline: two values without allocating, more in an
/// array. The ids copied out above are usually one or two (a token has a
/// timeout and at most a warning timer); an array for them was an
/// allocation per token leaving.
struct Few<Element>: Sequence {
    // Plain values in plain slots (not optionals), so the list is copied
    // and dropped as bytes: optional slots were destroyed through the
    // runtime's generic witnesses.
    private var count = 0
    private var first: Element
    private var second: Element
    private var rest: [Element] = []

    /// An empty list; `placeholder` fills the unused slots.
    init(_ placeholder: Element) {
        first = placeholder
        second = placeholder
    }

    mutating func append(_ x: Element) {
        switch count {
        case 0: first = x
        case 1: second = x
        default: rest.append(x)
        }
        count += 1
    }

    func makeIterator() -> Iterator { Iterator(list: self) }

    struct Iterator: IteratorProtocol {
        let list: Few
        var position = 0

        mutating func next() -> Element? {
            // Plain comparisons: matching `list.count...` went through the
            // range's generic witnesses on every element.
            guard position < list.count else { return nil }
            defer { position += 1 }
            return position == 0 ? list.first : position == 1 ? list.second : list.rest[position - 2]
        }
    }
}
