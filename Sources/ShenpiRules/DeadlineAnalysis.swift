import ShenpiLanguage
import ShenpiSyntax

/// One step on a deadline path and what it counts.
public struct DeadlineSegment: Sendable, Hashable {
    public var step: String
    /// Time counted for this step, in the measure's ticks (0 while the clock is paused).
    public var ticks: Int
    /// `accept 1`, `expert-panel (paused)`, `joint-review 3 (market-branch: market-review 2 → market-approve 1)`.
    public var text: String
    /// The same with every amount in its unit (`accept 1 workday`), for a
    /// path whose amounts are not all in the case limit's unit.
    public var unitText: String
    /// Whether `text` shows an amount in another unit than the case limit's (`accept 3 hours`).
    public var showsUnit: Bool
    /// Whether a duration in calendar days was counted as workdays here.
    public var countsCalendarDays: Bool
    /// Whether a duration in workdays was counted as calendar days here (a lower bound).
    public var countsWorkdaysAsDays: Bool = false
}

/// A path through the flow with the time it counts.
public struct DeadlinePath: Sendable, Hashable {
    public var ticks: Int
    public var segments: [DeadlineSegment]

    /// `accept 1 → review 6 → expert-review (paused) → decide 2 → issue 3`:
    /// bare numbers are in the case limit's unit. A path that also shows an
    /// amount in another unit gives every amount its unit (`accept 3 hours
    /// → public-notice 5 workdays`), so that no bare number is misread.
    public var text: String {
        let mixed = segments.contains(where: \.showsUnit) && segments.contains { $0.text != $0.unitText }
        return (mixed ? segments.map(\.unitText) : segments.map(\.text)).joined(separator: " → ")
    }

    /// Every amount in its unit.
    public var unitText: String { segments.map(\.unitText).joined(separator: " → ") }
}

/// The worst-case time a case can take, from the first step to an outcome,
/// computed on the flow model (not the compiled machine):
///
/// - a sequence adds its steps' limits; a step without a limit counts 0;
///   a wait counts its duration; a call counts the called flow's promised
///   limit (the legal one when it has no promise);
/// - a route and a task take the worst of their arms and decisions;
/// - a parallel block lasts until its join fires at the latest: the slowest
///   branch for `join: all`; for `join: any` or `n` the n-th fastest of the
///   branches that finish, later when a faster branch can stay alive without
///   finishing (see `DeadlineJoin.swift`). A branch's path to an outcome is a
///   path of its own, counted only up to the latest moment the join fires
///   without that branch (then the branch is cancelled);
/// - time while the clock is paused does not count: a decision with `pause:`
///   stops it, and the steps done until a decision with `resume: true` count
///   0 (the path state is the step and whether the clock is paused); a pause
///   begun in a parallel branch ends with the branch (engine rules 2);
/// - loops: a path takes each back edge (see `DeadlineLoops`) at most once,
///   so the worst case holds one round of every loop whose clock runs; a
///   round through a `pause:`, `resume:`, `request-supplement:` or
///   `extend:` decision is not taken (the path ends there without an outcome or `done`),
///   except a `resume:` back to a step done before the pause: the step is
///   done again with the clock running, and that counts.
public struct DeadlineAnalysis: Sendable {
    /// Worst-case time before a step starts, on paths where the clock runs when it does.
    public struct Start: Sendable, Hashable {
        public var ticks: Int
        /// The steps before it on that path (a step in a branch lists the branch's steps before it).
        public var before: [DeadlineSegment]
        /// For a step in a parallel branch: when the join has fired without
        /// that branch at the latest, cancelling it (same origin as `ticks`).
        public var cutoff: Int?
    }

    /// The limit the whole case must fit in: promised, or legal for an immediate item.
    public let budget: Located<Duration>
    /// `promised` or `legal`.
    public let budgetName: String
    public let measure: DeadlineMeasure
    public let budgetTicks: Int
    public let worstCase: DeadlinePath
    private let index: FlowIndex
    private let called: [String: Duration]
    private let firstStep: String
    private let maxEvaluations: Int

    public var exceeded: Bool { worstCase.ticks > budgetTicks }

    /// Analyses `flow`; `nil` when it cannot be measured: no case limit, a
    /// duration that does not convert to the budget's unit (see
    /// `DeadlineMeasure`), no path to an
    /// outcome, a nested parallel block, a path longer than 200 steps, or more
    /// than `maxEvaluations` path states (a pathological tangle of loops).
    public init?(flow: Workflow, index: FlowIndex, catalog: Catalog, minutesPerWorkday: Int?, maxEvaluations: Int = 20_000) {
        guard let budget = flow.limits.effective,
            let measure = DeadlineMeasure(budget: budget.value.unit, minutesPerWorkday: minutesPerWorkday),
            let budgetTicks = measure.ticks(budget.value)
        else { return nil }
        var called: [String: Duration] = [:]
        for (id, summaries) in catalog.flows { if let limit = summaries.first?.limit { called[id] = limit } }
        for entry in index.steps {
            if case .parallel = entry.step.kind, entry.scope.branch != nil { return nil }
            if let d = Self.duration(of: entry.step, called: called), measure.ticks(d) == nil { return nil }
        }
        guard let start = flow.steps.first?.id.value else { return nil }
        let walker = DeadlineWalker(index: index, measure: measure, called: called, maxEvaluations: maxEvaluations, trackStarts: false)
        let result = walker.evaluate(start, paused: false)
        guard !walker.gaveUp, let worst = result.terminal else { return nil }
        self.budget = budget
        self.budgetName = flow.limits.promised != nil ? "promised" : "legal"
        self.measure = measure
        self.budgetTicks = budgetTicks
        self.worstCase = DeadlinePath(ticks: worst.ticks, segments: worst.segments)
        self.index = index
        self.called = called
        self.firstStep = start
        self.maxEvaluations = maxEvaluations
    }

    /// Step id → the worst-case time before it starts, for the steps reached
    /// with the clock running. Walks the flow again, collecting what the
    /// first walk did not need.
    public func starts() -> [String: Start] {
        let walker = DeadlineWalker(index: index, measure: measure, called: called, maxEvaluations: maxEvaluations, trackStarts: true)
        return walker.evaluate(firstStep, paused: false).starts.mapValues {
            Start(ticks: $0.ticks, before: $0.before?.segments ?? [], cutoff: $0.cutoff)
        }
    }

    /// Whether the worst case is only a lower bound (workdays counted as calendar days).
    public var isLowerBound: Bool { worstCase.segments.contains(where: \.countsWorkdaysAsDays) }

    /// The steps of `flow` that some path reaches with the clock running;
    /// the others are only ever done while it is paused and count nothing.
    public static func stepsWithClockRunning(_ flow: Workflow, index: FlowIndex) -> Set<String> {
        DeadlineClock.runningSteps(index, first: flow.steps.first?.id.value)
    }

    /// Convenience for rules.
    public init?(_ c: RuleContext) {
        self.init(flow: c.flow, index: c.index, catalog: c.catalog, minutesPerWorkday: c.minutesPerWorkday)
    }

    /// The duration a step counts while the clock runs: a task's limit, a
    /// wait's duration, a called flow's case limit.
    static func duration(of step: Step, called: [String: Duration]) -> Duration? {
        switch step.kind {
        case .task(let t): return t.limit?.value
        case .wait(let d): return d?.value
        case .call(let c): return called[c.flow.value]
        case .route, .parallel: return nil
        }
    }

    /// `the promised limit of 10 workdays`, with the limit in hours when the path is not whole workdays.
    public func limitText(hours: Bool) -> String {
        let text = "the \(budgetName) limit of \(budget.value)"
        guard hours, let h = measure.inHours(budgetTicks) else { return text }
        return text + " (\(h))"
    }
}
