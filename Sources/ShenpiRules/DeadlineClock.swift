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
    /// paused, so its time does not count. A parallel block's `next` is
    /// reached in every clock state one of its branches ends in.
    static func runningSteps(_ index: FlowIndex, first: String?) -> Set<String> {
        struct State: Hashable {
            var step: String
            var paused: Bool
        }
        guard let first else { return [] }
        var seen: Set<State> = []
        var queue = [State(step: first, paused: false)]
        func push(_ id: String, _ paused: Bool) {
            let s = State(step: id, paused: paused)
            if index.stepByID[id] != nil, seen.insert(s).inserted { queue.append(s) }
        }
        seen.insert(queue[0])
        while let s = queue.popLast() {
            guard let entry = index.stepByID[s.step] else { continue }
            if case .parallel(let block) = entry.step.kind {
                for branch in block.branches { if let b = branch.steps.first?.id.value { push(b, s.paused) } }
                continue
            }
            for move in moves(of: entry.step, paused: s.paused) {
                if move.target == branchDoneTarget {
                    if let block = entry.scope.block, let next = index.stepByID[block]?.step.next?.value {
                        push(next, move.paused)
                        // The branch's own pause ends with it (engine rules 2).
                        if move.paused { push(next, false) }
                    }
                } else if index.stepByID[move.target]?.scope == entry.scope {
                    push(move.target, move.paused)
                }
            }
        }
        return Set(seen.filter { !$0.paused }.map(\.step))
    }
}
