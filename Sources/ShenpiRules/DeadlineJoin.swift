import ShenpiLanguage

/// Parallel blocks in the deadline walk.
///
/// Each branch is walked on its own from the block's start: its worst time
/// to `done` (if it can finish), its paths that end the case, and how long it
/// can stay alive without finishing (its longest path to an outcome, or
/// without end when it may go on looping). The join fires when the n-th
/// branch finishes; its latest moment (`latestJoin`) lets the slow branches
/// finish last while the others finish, or stay alive without finishing, in
/// time — for `join: all` the slowest branch, for branches that only finish
/// the n-th fastest. Once the join fires the other branches are cancelled:
/// a branch's path to an outcome, and the time of a step in it, only count
/// up to the latest moment the join fires without that branch.
extension DeadlineWalker {
    struct BranchTimes: Hashable {
        /// Worst time to `done`, if the branch can finish.
        var done: Int?
        /// How long the branch can stay alive: `Int.max` when it may go on looping.
        var alive: Int
    }

    /// The latest moment `n` of `branches` can have finished, or `nil` when
    /// the join cannot fire (too few branches can finish, or the others end
    /// the case first).
    static func latestJoin(_ branches: [BranchTimes], n: Int) -> Int? {
        guard n >= 1 else { return nil }
        let canFinish = branches.filter { $0.done != nil }
        guard canFinish.count >= n else { return nil }
        for at in Set(canFinish.compactMap(\.done)).sorted(by: >) {
            // Branches that cannot stay alive until then must finish before.
            let early = branches.filter { $0.alive < at }
            guard early.count <= n - 1, early.allSatisfy({ $0.done != nil }) else { continue }
            if canFinish.filter({ $0.alive >= at }).count >= n - early.count { return at }
        }
        return nil
    }

    func parallel(_ entry: FlowIndex.Entry, _ block: ParallelBlock, paused: Bool) -> Result {
        let step = entry.step
        var walked: [(branch: Branch, result: Result, done: Suffix?, times: BranchTimes)] = []
        for branch in block.branches {
            guard let first = branch.steps.first?.id.value else { continue }
            let r = evaluate(first, paused: paused)
            let done = Self.worse(r.done[0], r.done[1])
            let alive = r.stalls ? Int.max : max(done?.ticks ?? -1, r.terminal?.ticks ?? -1)
            walked.append((branch, r, done, BranchTimes(done: done?.ticks, alive: alive)))
        }
        let n = Self.required(block)
        var result = Result()
        // Without branch i, when the others have fired the join at the latest.
        // It depends only on branch i's times: branches alike share one answer
        // (computing it per branch made a block of 3000 branches take half a minute).
        var cutoffs: [BranchTimes: Int?] = [:]
        func cutoff(without i: Int) -> Int? {
            if let known = cutoffs[walked[i].times] { return known }
            let cut = Self.latestJoin(walked.indices.filter { $0 != i }.map { walked[$0].times }, n: n)
            cutoffs[walked[i].times] = .some(cut)
            return cut
        }
        var cancelled: [Suffix] = []
        for (i, w) in walked.enumerated() {
            let cut = cutoff(without: i)
            for (s, st) in w.result.starts {
                var st = st
                if let cut { st.cutoff = min(st.cutoff ?? .max, cut) }
                result.merge(start: st, of: s)
            }
            guard let t = w.result.terminal else { continue }
            if let cut, cut < t.ticks {
                cancelled.append(Suffix(ticks: cut, chain: Chain(segment(step, block, w.branch, t, paused: paused, cancelledAt: cut), nil)))
            } else {
                result.terminal = Self.worse(result.terminal, Suffix(ticks: t.ticks, chain: Chain(segment(step, block, w.branch, t, paused: paused), nil)))
            }
        }
        if let join = Self.latestJoin(walked.map(\.times), n: n),
            let critical = walked.first(where: { $0.times.done == join }), let done = critical.done,
            let next = step.next?.value
        {
            let seg = segment(step, block, critical.branch, done, paused: paused)
            // A branch's own pause ends with it (engine rules 2): after the join
            // the clock stays stopped only for a pause begun before the block
            // that no branch resumed.
            let running = !paused || walked.contains { $0.result.done[0] != nil }
            let move = DeadlineClock.Move(target: next, paused: !running, clockEvent: false)
            result.absorb(follow(move, from: step.id.value, paused: paused || !running, scope: entry.scope), after: seg)
        }
        // A refusal cut off by the join ends no later than the join itself.
        for c in cancelled { result.terminal = Self.worse(result.terminal, c) }
        return result
    }

    /// `joint-review 3 (market-branch: market-review 2 → market-approve 1)`; a
    /// path to an outcome cut off by the join ends `…, cancelled by the join at 1`.
    func segment(_ step: Step, _ block: ParallelBlock, _ branch: Branch, _ s: Suffix, paused: Bool, cancelledAt: Int? = nil) -> DeadlineSegment {
        let segments = s.segments
        let ticks = cancelledAt ?? s.ticks
        var text = step.id.value
        var unitText = text
        if paused, ticks == 0 {
            text += " (paused)"
            unitText = text
        } else {
            let join = Self.required(block) == block.branches.count ? "" : "join \(Self.required(block)) of \(block.branches.count); "
            let path = DeadlinePath(ticks: s.ticks, segments: segments)
            var inner = segments.isEmpty ? "" : ": " + path.text
            var unitInner = segments.isEmpty ? "" : ": " + path.unitText
            if let cancelledAt {
                inner += ", cancelled by the join at \(measure.bare(ticks: cancelledAt))"
                unitInner += ", cancelled by the join at \(measure.format(cancelledAt))"
            }
            text += " \(measure.bare(ticks: ticks)) (\(join)\(branch.id.value)\(inner))"
            unitText += " \(measure.format(ticks)) (\(join)\(branch.id.value)\(unitInner))"
        }
        let whole = measure.whole(ticks) != nil && (cancelledAt.map { measure.whole($0) != nil } ?? true)
        return DeadlineSegment(step: step.id.value, ticks: ticks, text: text, unitText: unitText,
            showsUnit: !whole || segments.contains(where: \.showsUnit),
            countsCalendarDays: segments.contains { $0.countsCalendarDays },
            countsWorkdaysAsDays: segments.contains { $0.countsWorkdaysAsDays })
    }
}
