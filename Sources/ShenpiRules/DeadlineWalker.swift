import ShenpiLanguage

/// The depth-first walk behind `DeadlineAnalysis`: for a step entered with
/// the clock running or paused, the worst path from it to the end of the
/// case (`terminal`), to the end of its branch (`done`, by whether the clock
/// runs at the end), and the worst time before every step after it.
///
/// Results are memoized per (step, paused). Where the step lies on a cycle,
/// the answer also depends on which steps of that cycle are already on the
/// path (those edges are not followed), so they are part of the key; steps on
/// no cycle are walked once per clock state.
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
    }

    struct Result {
        /// Worst path that ends the case: an outcome, or a loop back.
        var terminal: Suffix?
        /// Worst path to `done` (in a branch), by clock state at the end: [running, paused].
        var done: [Suffix?] = [nil, nil]
        var starts: [String: Start] = [:]

        mutating func merge(start: Start, of step: String) {
            if let old = starts[step], old.ticks >= start.ticks { return }
            starts[step] = start
        }

        /// Adds the paths of a successor, after `segment`.
        mutating func absorb(_ sub: Result, after segment: DeadlineSegment) {
            func prefixed(_ s: Suffix?) -> Suffix? {
                s.map { Suffix(ticks: segment.ticks + $0.ticks, chain: Chain(segment, $0.chain)) }
            }
            terminal = DeadlineWalker.worse(terminal, prefixed(sub.terminal))
            for i in 0..<2 { done[i] = DeadlineWalker.worse(done[i], prefixed(sub.done[i])) }
            for (step, st) in sub.starts {
                merge(start: Start(ticks: segment.ticks + st.ticks, before: Chain(segment, st.before)), of: step)
            }
        }
    }

    struct Key: Hashable {
        var step: Int
        var paused: Bool
        /// The steps of the step's cycle that are on the current path.
        var onPath: [Int]
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
    /// Steps by number, in file order.
    private let number: [String: Int]
    /// The steps (numbers, ascending) of each cycle of two or more steps, and each step's cycle.
    private let members: [[Int]]
    private let cycleOf: [Int?]
    /// Steps on the current path of the walk (a branch starts a path of its own).
    private var onPath: [Bool]

    init(index: FlowIndex, measure: DeadlineMeasure, called: [String: Duration], maxEvaluations: Int, trackStarts: Bool) {
        self.trackStarts = trackStarts
        self.index = index
        self.measure = measure
        self.called = called
        self.maxEvaluations = maxEvaluations
        var number: [String: Int] = [:]
        for e in index.steps where number[e.step.id.value] == nil { number[e.step.id.value] = number.count }
        self.number = number
        let cycle = Self.cycles(index)
        var members = Array(repeating: [Int](), count: Set(cycle.values).count)
        var cycleOf = [Int?](repeating: nil, count: number.count)
        for (id, c) in cycle {
            guard let i = number[id] else { continue }
            members[c].append(i)
            cycleOf[i] = c
        }
        self.members = members.map { $0.sorted() }
        self.cycleOf = cycleOf
        self.onPath = Array(repeating: false, count: number.count)
    }

    /// The keeper of two paths: the longer one, the first on a tie.
    static func worse(_ a: Suffix?, _ b: Suffix?) -> Suffix? {
        guard let a else { return b }
        guard let b else { return a }
        return b.ticks > a.ticks ? b : a
    }

    func evaluate(_ id: String, paused: Bool) -> Result {
        guard !gaveUp, let entry = index.stepByID[id], let i = number[id] else { return Result() }
        let key = Key(step: i, paused: paused, onPath: cycleOf[i].map { c in members[c].filter { onPath[$0] } } ?? [])
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
        onPath[i] = true
        let result: Result
        if case .parallel(let block) = entry.step.kind {
            result = parallel(entry, block, paused: paused)
        } else {
            result = sequential(entry, paused: paused)
        }
        onPath[i] = false
        memo[key] = result
        return result
    }

    func sequential(_ entry: FlowIndex.Entry, paused: Bool) -> Result {
        let step = entry.step
        let d = paused ? nil : DeadlineAnalysis.duration(of: step, called: called)
        let ticks = d.flatMap(measure.ticks) ?? 0
        var text = step.id.value
        if case .route = step.kind {
        } else if paused {
            text += " (paused)"
        } else {
            text += " " + (d.map(measure.bare) ?? "0")
            if case .call(let c) = step.kind { text += " (\(c.flow.value))" }
        }
        let segment = DeadlineSegment(step: step.id.value, ticks: ticks, text: text,
            countsCalendarDays: d?.unit == .days && measure.budgetUnit != .days)
        var result = Result()
        if trackStarts, !paused { result.starts[step.id.value] = Start(ticks: 0, before: nil) }
        for (target, clockPaused) in successors(of: step, paused: paused) {
            result.absorb(follow(target, paused: clockPaused, scope: entry.scope), after: segment)
        }
        return result
    }

    func parallel(_ entry: FlowIndex.Entry, _ block: ParallelBlock, paused: Bool) -> Result {
        let step = entry.step
        var result = Result()
        var finishing: [(branch: Branch, done: Suffix, running: Bool)] = []
        for branch in block.branches {
            guard let first = branch.steps.first?.id.value else { continue }
            let r = evaluate(first, paused: paused)
            for (s, st) in r.starts { result.merge(start: st, of: s) }
            if let t = r.terminal {
                result.terminal = Self.worse(result.terminal, Suffix(ticks: t.ticks, chain: Chain(segment(step, block, branch, t, paused: paused), nil)))
            }
            if let d = Self.worse(r.done[0], r.done[1]) { finishing.append((branch, d, r.done[0] != nil)) }
        }
        let n = Self.required(block)
        guard n >= 1, finishing.count >= n else { return result }
        // The join fires when the n-th branch finishes: the n-th fastest worst case
        // (slowest first, the first listed on a tie).
        let slowest = finishing.indices.sorted { (-finishing[$0].done.ticks, $0) < (-finishing[$1].done.ticks, $1) }
        let critical = finishing[slowest[finishing.count - n]]
        let seg = segment(step, block, critical.branch, critical.done, paused: paused)
        if let next = step.next?.value {
            let running = finishing.contains { $0.running }
            result.absorb(follow(next, paused: !running, scope: entry.scope), after: seg)
        }
        return result
    }

    /// `joint-review 3 (market-branch: market-review 2 → market-approve 1)`.
    func segment(_ step: Step, _ block: ParallelBlock, _ branch: Branch, _ s: Suffix, paused: Bool) -> DeadlineSegment {
        let segments = s.segments
        var text = step.id.value
        if paused, s.ticks == 0 {
            text += " (paused)"
        } else {
            let join = Self.required(block) == block.branches.count ? "" : "join \(Self.required(block)) of \(block.branches.count); "
            let inner = segments.isEmpty ? "" : ": " + DeadlinePath(ticks: s.ticks, segments: segments).text
            text += " \(measure.bare(ticks: s.ticks)) (\(join)\(branch.id.value)\(inner))"
        }
        return DeadlineSegment(step: step.id.value, ticks: s.ticks, text: text, countsCalendarDays: segments.contains { $0.countsCalendarDays })
    }

    /// Where a step moves the case, and whether the clock is paused after the move.
    func successors(of step: Step, paused: Bool) -> [(String, Bool)] {
        switch step.kind {
        case .task(let t):
            return t.decisions.compactMap { d in
                d.next.map { ($0.value, d.pause != nil ? true : (d.resume ? false : paused)) }
            }
        case .route(let arms): return arms.compactMap { $0.next.map { ($0.value, paused) } }
        case .wait: return step.next.map { [($0.value, paused)] } ?? []
        case .call(let c): return c.outcomes.map { ($0.target.value, paused) }
        case .parallel: return []
        }
    }

    func follow(_ target: String, paused: Bool, scope: StepScope) -> Result {
        var r = Result()
        if let e = index.stepByID[target] {
            // A jump out of a branch is branch-escapes-block's error.
            guard e.scope == scope else { return r }
            guard let i = number[target], onPath[i] else { return evaluate(target, paused: paused) }
            // A loop back: counted once, the path ends here.
            if scope.branch == nil {
                r.terminal = Suffix(ticks: 0, chain: nil)
            } else {
                r.done[paused ? 1 : 0] = Suffix(ticks: 0, chain: nil)
            }
        } else if target == branchDoneTarget {
            if scope.branch != nil { r.done[paused ? 1 : 0] = Suffix(ticks: 0, chain: nil) }
        } else if index.outcomeByID[target] != nil {
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

    /// Steps on cycles of two or more steps, numbered by strongly connected
    /// component (Tarjan's algorithm, iterative: a flow may be long).
    static func cycles(_ index: FlowIndex) -> [String: Int] {
        var ids: [String] = []
        var number: [String: Int] = [:]
        for e in index.steps where number[e.step.id.value] == nil {
            number[e.step.id.value] = ids.count
            ids.append(e.step.id.value)
        }
        let edges: [[Int]] = ids.map { id in
            guard let e = index.stepByID[id] else { return [] }
            return FlowIndex.targets(of: e.step).compactMap { t in
                index.stepByID[t.value]?.scope == e.scope ? number[t.value] : nil
            }
        }
        var order = [Int](repeating: -1, count: ids.count)
        var low = order
        var onStack = [Bool](repeating: false, count: ids.count)
        var stack: [Int] = []
        var counter = 0
        var out: [String: Int] = [:]
        var components = 0
        func visit(_ v: Int) {
            order[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack[v] = true
        }
        for root in ids.indices where order[root] < 0 {
            visit(root)
            var work: [(v: Int, next: Int)] = [(root, 0)]
            while let (v, i) = work.last {
                if i < edges[v].count {
                    work[work.count - 1].next += 1
                    let w = edges[v][i]
                    if order[w] < 0 {
                        visit(w)
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], order[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.v] = min(low[parent.v], low[v]) }
                guard low[v] == order[v] else { continue }
                var members: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    members.append(w)
                    if w == v { break }
                }
                if members.count > 1 {
                    for m in members { out[ids[m]] = components }
                    components += 1
                }
            }
        }
        return out
    }
}
