import ShenpiLanguage
import ShenpiRules

/// Turns a flow into a `GraphDiagram`: a start marker, one node per step
/// (a parallel block becomes a group with a fork node, one sub-group per
/// branch and a join node), one node per outcome, and an edge per decision,
/// route arm, `next:`, sub-flow outcome and automatic timeout.
///
/// The flow should lint clean; a target that names nothing is left out
/// rather than drawn.
public struct GraphBuilder {
    public var flow: Workflow
    /// Supplies role titles; without it, roles are shown by id.
    public var registry: Registry?
    /// Supplies the titles of called items and their outcomes; without it, ids.
    public var catalog: Catalog?

    public init(flow: Workflow, registry: Registry?, catalog: Catalog? = nil) {
        self.flow = flow
        self.registry = registry
        self.catalog = catalog
    }

    public func build() -> GraphDiagram {
        var state = State(flow: flow, registry: registry, catalog: catalog)
        return state.build()
    }
}

private struct State {
    let flow: Workflow
    let registry: Registry?
    let index: FlowIndex
    var edges: [GraphEdge] = []
    var rows: [[String]] = []

    /// The flows a call step may name, for their titles.
    var catalog: Catalog?

    init(flow: Workflow, registry: Registry?, catalog: Catalog? = nil) {
        self.flow = flow
        self.registry = registry
        self.catalog = catalog
        self.index = FlowIndex(flow)
    }

    /// The title `decision-titles` gives a decision name, if any.
    func decisionTitle(_ name: String) -> String? { flow.decisionTitles.first { $0.value.value == name }?.title }

    mutating func build() -> GraphDiagram {
        let name = flow.id?.value ?? "flow"
        var items: [GraphItem] = [.node(GraphNode(id: GraphID.start, kind: .start, lines: [GraphLabels.start]))]
        if let first = flow.steps.first {
            edges.append(GraphEdge(from: GraphID.start, to: GraphID.step(first.id.value)))
        }
        items += flow.steps.map { item($0, scope: .top) }
        for o in flow.outcomes {
            let id = GraphID.outcome(o.id.value)
            items.append(.node(GraphNode(id: id, kind: .outcome(o.kind?.value), lines: [o.title?.value ?? o.id.value])))
            // Withdrawal is a runtime command, possible at any time: drawn from
            // the start, even when a step also leads there (a call's sub-case withdrawn).
            if o.kind?.value == .withdrawn {
                edges.append(GraphEdge(from: GraphID.start, to: id, lines: [GraphLabels.withdrawal], style: .withdrawal))
            }
        }
        return GraphDiagram(name: name, title: title, items: items, edges: edges, rows: rows)
    }

    /// `企业设立登记 · 法定 20 个工作日 · 承诺 5 个工作日`; an immediate item
    /// says so (`契税申报 · 即办件 · 法定 1 个工作日`).
    var title: String {
        var parts = [flow.title?.value ?? flow.id?.value ?? "flow"]
        if flow.kind?.value == .immediate { parts.append("即办件") }
        if let legal = flow.limits.legal?.value { parts.append("法定 " + GraphLabels.duration(legal)) }
        if let promised = flow.limits.promised?.value { parts.append("承诺 " + GraphLabels.duration(promised)) }
        return parts.joined(separator: " · ")
    }

    /// The node id a target names, or nil when it names nothing (or `done` outside a branch).
    func target(_ name: String, scope: StepScope) -> String? {
        if name == branchDoneTarget { return scope.block.map(GraphID.join) }
        if index.stepByID[name] != nil { return GraphID.step(name) }
        if index.outcomeByID[name] != nil { return GraphID.outcome(name) }
        return nil
    }

    mutating func edge(from: String, to name: Located<String>?, scope: StepScope, lines: [String] = [], style: GraphEdge.Style = .normal) {
        guard let name, let to = target(name.value, scope: scope) else { return }
        edges.append(GraphEdge(from: from, to: to, lines: lines, style: style))
    }

    mutating func item(_ step: Step, scope: StepScope) -> GraphItem {
        let id = GraphID.step(step.id.value)
        let title = step.title?.value ?? step.id.value
        switch step.kind {
        case .task(let task):
            var detail: [String] = []
            if let role = task.role?.value { detail.append(registry?.role(role)?.title?.value ?? role) }
            if let limit = task.limit?.value { detail.append(GraphLabels.duration(limit)) }
            // Four eyes: the officer who decided the step before may not decide this one.
            if task.fourEyes { detail.append("另一人审核") }
            for d in task.decisions { edge(from: id, to: d.next, scope: scope, lines: GraphLabels.decision(d, title: d.title?.value ?? decisionTitle(d.name.value))) }
            if let auto = task.onTimeout?.value, let d = task.decisions.first(where: { $0.name.value == auto }) {
                edge(from: id, to: d.next, scope: scope, lines: [GraphLabels.timeout(auto, title: d.title?.value ?? decisionTitle(auto))], style: .timeout)
            }
            let lines = detail.isEmpty ? [title] : [title, detail.joined(separator: " · ")]
            return .node(GraphNode(id: id, kind: .task, lines: lines))
        case .route(let arms):
            // Arms are tried in order: each after the first is read as 否则 (otherwise) first.
            let words = GuideConditionWords(flow)
            for (k, arm) in arms.enumerated() {
                guard let condition = arm.condition else {
                    edge(from: id, to: arm.next, scope: scope, lines: [GraphLabels.otherwise])
                    continue
                }
                let said = condition.expr.flatMap(words.words) ?? condition.text
                edge(from: id, to: arm.next, scope: scope, lines: [(k == 0 ? "" : "否则，") + said])
            }
            return .node(GraphNode(id: id, kind: .route, lines: [title]))
        case .wait(let duration):
            edge(from: id, to: step.next, scope: scope, lines: [GraphLabels.waitOver])
            return .node(GraphNode(id: id, kind: .wait, lines: [title, GraphLabels.wait(duration?.value)]))
        case .call(let call):
            // The called item by its title, its outcomes by theirs, when the catalog has it.
            let called = catalog?.flows[call.flow.value]?.first
            for o in call.outcomes { edge(from: id, to: o.target, scope: scope, lines: [called?.outcomeTitles[o.outcome.value] ?? o.outcome.value]) }
            return .node(GraphNode(id: id, kind: .call, lines: [title, GraphLabels.call(called?.title ?? call.flow.value)]))
        case .parallel(let block):
            return parallel(step, block, id: id, title: title, scope: scope)
        }
    }

    mutating func parallel(_ step: Step, _ block: ParallelBlock, id: String, title: String, scope: StepScope) -> GraphItem {
        let count = block.branches.count
        let join = block.join?.value
        var items: [GraphItem] = [.node(GraphNode(id: id, kind: .fork, lines: [GraphLabels.fork(branches: count)]))]
        let firsts = block.branches.compactMap { $0.steps.first.map { GraphID.step($0.id.value) } }
        if firsts.count > 1 { rows.append(firsts) }
        for branch in block.branches {
            if let first = branch.steps.first { edges.append(GraphEdge(from: id, to: GraphID.step(first.id.value))) }
            let inner = StepScope(block: step.id.value, branch: branch.id.value)
            let steps = branch.steps.map { item($0, scope: inner) }
            items.append(.group(GraphGroup(id: GraphID.branch(branch.id.value), kind: .branch,
                label: branch.title?.value ?? branch.id.value, items: steps)))
        }
        let joinID = GraphID.join(step.id.value)
        items.append(.node(GraphNode(id: joinID, kind: .join, lines: [GraphLabels.joinRule(join, branches: count)])))
        edge(from: joinID, to: step.next, scope: scope)
        let label = "\(title)（\(GraphLabels.joinKeyword(join, branches: count))）"
        return .group(GraphGroup(id: GraphID.block(step.id.value), kind: .parallel, label: label, items: items))
    }
}
