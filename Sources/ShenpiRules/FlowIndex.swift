import ShenpiLanguage
import ShenpiSyntax

/// Where a step sits: at the top level, or inside branch `branch` of block `block`.
public struct StepScope: Hashable, Sendable {
    public var block: String?
    public var branch: String?

    public init(block: String?, branch: String?) {
        self.block = block
        self.branch = branch
    }

    public static let top = StepScope(block: nil, branch: nil)
}

/// Lookups over one flow that several rules need, built once.
public struct FlowIndex: Sendable {
    public struct Entry: Sendable {
        public var step: Step
        public var scope: StepScope
    }

    /// Every step, including those inside branches, in file order.
    public private(set) var steps: [Entry] = []
    /// First definition of each step id.
    public private(set) var stepByID: [String: Entry] = [:]
    public private(set) var outcomeByID: [String: Outcome] = [:]
    public private(set) var materialByID: [String: Material] = [:]
    public private(set) var fieldByID: [String: Field] = [:]
    public private(set) var templateIDs: Set<String> = []
    /// Branch ids, which share the step namespace.
    public private(set) var branchByID: [String: Branch] = [:]

    public init(_ flow: Workflow) {
        func add(_ list: [Step], scope: StepScope) {
            for step in list {
                let entry = Entry(step: step, scope: scope)
                steps.append(entry)
                if stepByID[step.id.value] == nil { stepByID[step.id.value] = entry }
                if case .parallel(let block) = step.kind {
                    for branch in block.branches {
                        if branchByID[branch.id.value] == nil { branchByID[branch.id.value] = branch }
                        add(branch.steps, scope: StepScope(block: step.id.value, branch: branch.id.value))
                    }
                }
            }
        }
        add(flow.steps, scope: .top)
        for o in flow.outcomes where outcomeByID[o.id.value] == nil { outcomeByID[o.id.value] = o }
        for m in flow.materials where materialByID[m.id.value] == nil { materialByID[m.id.value] = m }
        for f in flow.fields where fieldByID[f.id.value] == nil { fieldByID[f.id.value] = f }
        templateIDs = Set(flow.templates.map(\.id.value))
    }

    /// Every name a decision may move to.
    public var knownTargets: Set<String> {
        Set(stepByID.keys).union(outcomeByID.keys).union([branchDoneTarget])
    }

    /// Whether some target names nothing; reachability answers are then unreliable.
    public var hasDanglingTargets: Bool {
        let known = knownTargets
        return steps.contains { e in FlowIndex.targets(of: e.step).contains { !known.contains($0.value) } }
    }

    /// The steps of a scope in order (the top level, or one branch).
    public func steps(in scope: StepScope) -> [Step] {
        steps.filter { $0.scope == scope }.map(\.step)
    }

    /// Every place an item moves a case to, with where it was written.
    public static func targets(of step: Step) -> [Located<String>] {
        switch step.kind {
        case .task(let t): return t.decisions.compactMap(\.next)
        case .route(let arms): return arms.compactMap(\.next)
        case .parallel, .wait: return step.next.map { [$0] } ?? []
        case .call(let c): return c.outcomes.map(\.target)
        }
    }

    /// Environment for type-checking expressions.
    public func expressionEnvironment() -> ExpressionEnvironment {
        var fields: [String: ValueType] = [:]
        for (id, f) in fieldByID { if let t = f.type?.value { fields[id] = t } }
        return ExpressionEnvironment(fields: fields, materials: Set(materialByID.keys))
    }
}

extension FlowIndex {
    /// Every expression of the flow: material conditions, then route conditions.
    public func allExpressions(_ flow: Workflow) -> [LocatedExpression] {
        var out = flow.materials.compactMap(\.condition)
        for entry in steps {
            if case .route(let arms) = entry.step.kind { out += arms.compactMap(\.condition) }
        }
        return out
    }

    /// The amounts of the flow's `fees`: expressions that give a number.
    public func allFeeAmounts(_ flow: Workflow) -> [LocatedExpression] {
        flow.fees.compactMap(\.amount)
    }

    /// Every notification of the flow: on outcomes, then on decisions in file order.
    public func allNotices(_ flow: Workflow) -> [Notice] {
        var out = flow.outcomes.flatMap(\.notify)
        for entry in steps {
            if case .task(let t) = entry.step.kind { out += t.decisions.flatMap(\.notify) }
        }
        return out
    }
}
