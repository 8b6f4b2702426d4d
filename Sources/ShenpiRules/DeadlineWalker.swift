import ShenpiLanguage

/// The depth-first walk behind `DeadlineAnalysis`: for a step entered with
/// the clock running or paused, the worst path from it to the end of the
/// case (`terminal`), to the end of its branch (`done`, by whether the clock
/// runs at the end), and the worst time before every step after it.
///
/// Loops (see `DeadlineLoops`): a path takes each back edge at most once,
/// and only when the round it closes ran with the clock going — no
/// `pause:`, `resume:`, `request-supplement:` or `extend:` decision since the step it
/// returns to, and the clock not paused now — or when the edge itself
/// resumes a paused clock (the step it returns to is done again, counted). A move it may not take ends
/// that path without an outcome and without `done` (`stalls`: in a branch,
/// the branch may go on looping). Results are memoized per (step, paused)
/// and, for a step on a loop, the state of that loop on the current path:
/// its back edges taken, and whether each step they return to is on the
/// path since the last clock event, before it, or not at all.
final class DeadlineWalker {
    struct Suffix {
        var ticks: Int
        var chain: Chain?

        var segments: [DeadlineSegment] { chain?.segments ?? [] }
    }

    /// Steps of a path in order, sharing their tails between paths (prepending is O(1)).
    final class Chain: Sendable {
        let segment: DeadlineSegment
        let rest: Chain?

        init(_ segment: DeadlineSegment, _ rest: Chain?) {
            self.segment = segment
            self.rest = rest
        }

        var segments: [DeadlineSegment] {
            var out: [DeadlineSegment] = []
            var at: Chain? = self
            while let c = at {
                out.append(c.segment)
                at = c.rest
            }
            return out
        }
    }

    struct Start {
        var ticks: Int
        var before: Chain?
        /// What the step itself counts.
        var own: Int
        /// When a parallel join cancels the step's branch at the latest (same origin as `ticks`).
        var cutoff: Int?

        /// When the step ends at the latest.
        var end: Int { min(ticks + own, cutoff ?? .max) }
    }

    struct Result {
        /// Worst path that ends the case with an outcome.
        var terminal: Suffix?
        /// Worst path to `done` (in a branch), by clock state at the end: [running, paused].
        var done: [Suffix?] = [nil, nil]
        /// Some path ends at a loop back it may not take: the case can go on looping there.
        var stalls = false
        var starts: [String: Start] = [:]

        mutating func merge(start: Start, of step: String) {
            if let old = starts[step], (old.end, old.ticks) >= (start.end, start.ticks) { return }
            starts[step] = start
        }

        /// Adds the paths of a successor, after `segment`.
        mutating func absorb(_ sub: Result, after segment: DeadlineSegment) {
            func prefixed(_ s: Suffix?) -> Suffix? {
                s.map { Suffix(ticks: segment.ticks + $0.ticks, chain: Chain(segment, $0.chain)) }
            }
            terminal = DeadlineWalker.worse(terminal, prefixed(sub.terminal))
            for i in 0..<2 { done[i] = DeadlineWalker.worse(done[i], prefixed(sub.done[i])) }
            stalls = stalls || sub.stalls
            for (step, st) in sub.starts {
                merge(start: Start(ticks: segment.ticks + st.ticks, before: Chain(segment, st.before), own: st.own,
                    cutoff: st.cutoff.map { segment.ticks + $0 }), of: step)
            }
        }
    }

    struct Key: Hashable {
        var step: Int
        var paused: Bool
        /// The state of the step's loop on the current path.
        var loop: [Int]
    }

    let index: FlowIndex
    let measure: DeadlineMeasure
    let called: [String: Duration]
    let maxEvaluations: Int
    /// Whether to collect `starts` too (only needed to explain a broken promise).
    let trackStarts: Bool
    private(set) var gaveUp = false
    private var evaluations = 0
    /// Paths longer than this are not walked (the walk recurses once per step).
    static let maxDepth = 200
    private var depth = 0
    private var memo: [Key: Result] = [:]
    let loops: DeadlineLoops
    /// How often each step is on the current path, and the clock epoch of its last visit.
    private var visits: [Int]
    private var visitEpoch: [Int]
    /// Back edges taken on the current path.
    private var used: [Bool]
    /// Changes at every clock event on the current path.
    private var epoch = 0
    private var epochs = 0

    init(index: FlowIndex, measure: DeadlineMeasure, called: [String: Duration], maxEvaluations: Int, trackStarts: Bool) {
        self.trackStarts = trackStarts
        self.index = index
        self.measure = measure
        self.called = called
        self.maxEvaluations = maxEvaluations
        loops = DeadlineLoops(index)
        visits = Array(repeating: 0, count: loops.number.count)
        visitEpoch = visits
        used = Array(repeating: false, count: loops.edgeCount)
    }

    /// The keeper of two paths: the longer one, the first on a tie.
    static func worse(_ a: Suffix?, _ b: Suffix?) -> Suffix? {
        guard let a else { return b }
        guard let b else { return a }
        return b.ticks > a.ticks ? b : a
    }

    /// The state of step `i`'s loop on the current path: the back edges taken,
    /// then per step they return to 0 (not on the path), 1 (before the last
    /// clock event), 2 (since).
    func loopState(_ i: Int) -> [Int] {
        guard let loop = loops.loopOf[i] else { return [] }
        var out = loops.edges[loop].filter { used[$0] }
        out.append(-1)
        for t in loops.targets[loop] { out.append(visits[t] == 0 ? 0 : visitEpoch[t] == epoch ? 2 : 1) }
        return out
    }

    func evaluate(_ id: String, paused: Bool) -> Result {
        guard !gaveUp, let entry = index.stepByID[id], let i = loops.number[id] else { return Result() }
        let key = Key(step: i, paused: paused, loop: loopState(i))
        if let known = memo[key] { return known }
        evaluations += 1
        if evaluations > maxEvaluations {
            gaveUp = true
            return Result()
        }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            gaveUp = true
            return Result()
        }
        let savedEpoch = visitEpoch[i]
        visits[i] += 1
        visitEpoch[i] = epoch
        let result: Result
        if case .parallel(let block) = entry.step.kind {
            result = parallel(entry, block, paused: paused)
        } else {
            result = sequential(entry, paused: paused)
        }
        visits[i] -= 1
        visitEpoch[i] = savedEpoch
        memo[key] = result
        return result
    }

    func sequential(_ entry: FlowIndex.Entry, paused: Bool) -> Result {
        let step = entry.step
        let d = paused ? nil : DeadlineAnalysis.duration(of: step, called: called)
        let ticks = d.flatMap(measure.ticks) ?? 0
        var text = step.id.value
        var unitText = text
        if case .route = step.kind {
        } else if paused {
            text += " (paused)"
            unitText = text
        } else {
            text += " " + (d.map(measure.bare) ?? "0")
            unitText += " " + (d.map(\.description) ?? "0")
            if case .call(let c) = step.kind {
                text += " (\(c.flow.value))"
                unitText += " (\(c.flow.value))"
            }
        }
        let segment = DeadlineSegment(step: step.id.value, ticks: ticks, text: text, unitText: unitText,
            showsUnit: d.map { $0.unit != measure.budgetUnit } ?? false,
            countsCalendarDays: d?.unit == .days && measure.budgetUnit != .days,
            countsWorkdaysAsDays: d?.unit == .workdays && measure.budgetUnit == .days)
        var result = Result()
        if trackStarts, !paused { result.starts[step.id.value] = Start(ticks: 0, before: nil, own: ticks, cutoff: nil) }
        for move in DeadlineClock.moves(of: step, paused: paused) {
            result.absorb(follow(move, from: step.id.value, paused: paused, scope: entry.scope), after: segment)
        }
        return result
    }

    /// Where `move` (out of step `from`, done with the clock `paused` or not) leads.
    func follow(_ move: DeadlineClock.Move, from: String, paused: Bool, scope: StepScope) -> Result {
        var r = Result()
        if let e = index.stepByID[move.target] {
            // A jump out of a branch is branch-escapes-block's error.
            guard e.scope == scope, let t = loops.number[move.target], let u = loops.number[from] else { return r }
            var taken: Int?
            if let edge = loops.back[u][t] {
                // A loop back: once, and only for a round with the clock running,
                // or one that resumes it (a step paused for an appraisal, then
                // done again with the clock going: that second round counts).
                let round = visits[t] > 0
                let resumes = paused && !move.paused
                if used[edge] || (round && !resumes && (paused || move.clockEvent || visitEpoch[t] != epoch)) {
                    r.stalls = true
                    return r
                }
                used[edge] = true
                taken = edge
            }
            let savedEpoch = epoch
            if move.clockEvent {
                epochs += 1
                epoch = epochs
            }
            r = evaluate(move.target, paused: move.paused)
            epoch = savedEpoch
            if let taken { used[taken] = false }
        } else if move.target == branchDoneTarget {
            if scope.branch != nil { r.done[move.paused ? 1 : 0] = Suffix(ticks: 0, chain: nil) }
        } else if index.outcomeByID[move.target] != nil {
            r.terminal = Suffix(ticks: 0, chain: nil)
        }
        return r
    }

    static func required(_ block: ParallelBlock) -> Int {
        switch block.join?.value ?? .all {
        case .all: return block.branches.count
        case .any: return 1
        case .count(let n): return n
        }
    }
}
