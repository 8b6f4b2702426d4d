import ShenpiLanguage

/// Whether the legal clock runs, step by step: the one place that knows how
/// decisions stop and restart it (Art. 45). Shared by the deadline walk and
/// by `step-limit-above-case-limit`, which skips steps only ever done while
/// the clock is stopped.
enum DeadlineClock {
    /// One move out of a step.
    struct Move {
        var target: String
        /// Whether the clock is paused after the move.
        var paused: Bool
        /// A decision that stops, restarts or resets the clock (`pause:`,
        /// `resume: true`, `request-supplement: true`) or extends the case
        /// limit (`extend:`, Art. 42 — the analysis does not raise the limit,
        /// so it does not count the round the extension pays for either): a
        /// loop through it is not a round whose time counts.
        var clockEvent: Bool
    }

    /// Where a step (not a parallel block) moves the case, and the clock state after each move.
    static func moves(of step: Step, paused: Bool) -> [Move] {
        switch step.kind {
        case .task(let t):
            return t.decisions.compactMap { d in
                d.next.map {
                    Move(target: $0.value, paused: d.pause != nil ? true : (d.resume ? false : paused),
                        clockEvent: d.pause != nil || d.resume || d.requestSupplement || d.extend != nil)
                }
            }
        case .route(let arms): return arms.compactMap { $0.next.map { Move(target: $0.value, paused: paused, clockEvent: false) } }
        case .wait: return step.next.map { [Move(target: $0.value, paused: paused, clockEvent: false)] } ?? []
        case .call(let c): return c.outcomes.map { Move(target: $0.target.value, paused: paused, clockEvent: false) }
        case .parallel: return []
        }
    }

    /// The steps some path from the first step reaches with the clock
    /// running. A step missing here is only ever done while the clock is
    /// paused, so its time does not count. Pauses are held as the engine
    /// holds them (rules 2): one begun before a parallel block (`outer`) and
    /// one a branch begins itself (`own`). A branch's resume ends its own
    /// pause if it has one, else the outer one; its own pause ends with the
    /// branch, so the block's `next` is reached paused only when the outer
    /// pause is still on.
    static func runningSteps(_ index: FlowIndex, first: String?) -> Set<String> {
        struct State: Hashable {
            var step: String
            var outer: Bool
            var own: Bool
            var paused: Bool { outer || own }
        }
        guard let first else { return [] }
        var seen: Set<State> = []
        var queue = [State(step: first, outer: false, own: false)]
        func push(_ s: State) {
            if index.stepByID[s.step] != nil, seen.insert(s).inserted { queue.append(s) }
        }
        seen.insert(queue[0])
        while let s = queue.popLast() {
            guard let entry = index.stepByID[s.step] else { continue }
            if case .parallel(let block) = entry.step.kind {
                for branch in block.branches { if let b = branch.steps.first?.id.value { push(State(step: b, outer: s.paused, own: false)) } }
                continue
            }
            let inBranch = entry.scope.branch != nil
            for (target, pause, resume) in transitions(of: entry.step) {
                var next = s
                if pause { if inBranch { next.own = true } else { next.outer = true } }
                if resume { if inBranch && next.own { next.own = false } else { next.outer = false } }
                if target == branchDoneTarget {
                    if let block = entry.scope.block, let after = index.stepByID[block]?.step.next?.value {
                        push(State(step: after, outer: next.outer, own: false))
                    }
                } else if index.stepByID[target]?.scope == entry.scope {
                    next.step = target
                    push(next)
                }
            }
        }
        return Set(seen.filter { !$0.paused }.map(\.step))
    }

    /// Where a step (not a parallel block) moves the case: each target, and
    /// whether the move pauses or resumes the clock.
    static func transitions(of step: Step) -> [(target: String, pause: Bool, resume: Bool)] {
        switch step.kind {
        case .task(let t): return t.decisions.compactMap { d in d.next.map { ($0.value, d.pause != nil, d.resume) } }
        case .route(let arms): return arms.compactMap { $0.next.map { ($0.value, false, false) } }
        case .wait: return step.next.map { [($0.value, false, false)] } ?? []
        case .call(let c): return c.outcomes.map { ($0.target.value, false, false) }
        case .parallel: return []
        }
    }
}
