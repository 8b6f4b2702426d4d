import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// A compiled machine and where each node came from in the file.
public struct CompiledFlow: Sendable {
    public var machine: Machine
    /// Node index → the range of the step's id.
    public var nodeRanges: [SourceRange]
}

/// Model → machine. Compiles only a complete model: any unresolved name or
/// missing required value gives `nil` (the rules that found it have
/// reported it), so the engine never sees a half-checked flow.
public enum MachineCompiler {
    /// `fingerprint: false` leaves `Machine.fingerprint` empty: lint only
    /// analyses the machine, and hashing its encoding per flow is wasted work.
    public static func compile(_ flow: Workflow, index: FlowIndex, fingerprint: Bool = true) -> CompiledFlow? {
        guard let id = flow.id?.value, let version = flow.version?.value, let title = flow.title?.value,
            let department = flow.department?.value, let kind = flow.kind?.value, let calendar = flow.calendar?.value,
            !flow.steps.isEmpty, !flow.outcomes.isEmpty, !flow.decisionsIncomplete
        else { return nil }
        var c = Compilation(flow: flow, index: index)
        return c.run(header: (id, version, title, department, kind, calendar), fingerprint: fingerprint)
    }
}

struct Compilation {
    let flow: Workflow
    let index: FlowIndex
    var nodeNumber: [String: Int] = [:]
    var outcomeNumber: [String: Int] = [:]
    var materialNumber: [String: Int] = [:]
    var expressions: [String] = []
    var failed = false
    /// Node numbers of each branch's steps, in file order: filtering every step
    /// once per branch made a block of thousands of branches quadratic.
    var nodesOfBranch: [StepScope: [Int]] = [:]

    init(flow: Workflow, index: FlowIndex) {
        self.flow = flow
        self.index = index
        for (i, e) in index.steps.enumerated() where nodeNumber[e.step.id.value] == nil { nodeNumber[e.step.id.value] = i }
        for e in index.steps { if let n = nodeNumber[e.step.id.value] { nodesOfBranch[e.scope, default: []].append(n) } }
        for (i, o) in flow.outcomes.enumerated() where outcomeNumber[o.id.value] == nil { outcomeNumber[o.id.value] = i }
        for (i, m) in flow.materials.enumerated() where materialNumber[m.id.value] == nil { materialNumber[m.id.value] = i }
    }

    mutating func run(header h: (String, Int, String, String, ItemKind, String), fingerprint: Bool) -> CompiledFlow? {
        // Duplicate ids would make numbering ambiguous; duplicate-id reports them.
        guard nodeNumber.count == index.steps.count, outcomeNumber.count == flow.outcomes.count,
            materialNumber.count == flow.materials.count
        else { return nil }
        let materials = flow.materials.map { m in
            MaterialSpec(id: m.id.value, title: m.title?.value ?? m.id.value, requirement: m.requirement.rawValue,
                condition: m.condition.flatMap { expression($0) }, forms: m.forms.map(\.rawValue), copies: m.copies, source: m.source.rawValue)
        }
        let always = MaterialSet(flow.materials.indices.filter { flow.materials[$0].requirement == .always && flow.materials[$0].condition == nil })
        var blocks: [Block] = []
        var nodes: [ShenpiMachine.Node] = []
        var blockOfStep: [String: Int] = [:]
        var branchNumber: [String: Int] = [:]  // branch id → its index in its block
        for e in index.steps {
            guard case .parallel(let p) = e.step.kind else { continue }
            blockOfStep[e.step.id.value] = blockOfStep.count
            for (i, b) in p.branches.enumerated() { branchNumber[b.id.value] = i }
        }
        for e in index.steps {
            let block = e.scope.block.flatMap { blockOfStep[$0] }
            let branch = e.scope.branch.flatMap { branchNumber[$0] }
            guard let kind = nodeKind(e.step, blockOfStep: blockOfStep, blocks: &blocks) else { return nil }
            nodes.append(ShenpiMachine.Node(id: e.step.id.value, title: e.step.title?.value ?? e.step.id.value, kind: kind, block: block, branch: branch))
        }
        guard !failed, let first = flow.steps.first, let start = nodeNumber[first.id.value],
            Self.scopesAreClosed(nodes, blocks)
        else { return nil }
        let outcomes = flow.outcomes.map { o in
            OutcomeSpec(id: o.id.value, title: o.title?.value ?? o.id.value, kind: o.kind?.value.rawValue ?? "granted", notify: notices(o.notify))
        }
        guard flow.outcomes.allSatisfy({ $0.kind != nil }) else { return nil }
        var templates: [String: String] = [:]
        // The guide's place is public, fixed text: filled in here so the engine's
        // notifications are complete (the machine carries no guide).
        let place = flow.guide.place
        for t in flow.templates {
            templates[t.id.value] = place.map { t.text.value.replacingOccurrences(of: "{guide.place}", with: $0) } ?? t.text.value
        }
        if MachineCompiler.refusal(of: flow, index: index) != nil { return nil }
        var fees: [FeeSpec] = []
        for fee in flow.fees {
            guard let amount = fee.amount.flatMap({ expression($0) }) else { return nil }
            fees.append(FeeSpec(id: fee.id.value, title: fee.title?.value ?? fee.id.value, amount: amount, basis: fee.basis?.value))
        }
        // The oldest format that can say it all, so older machines keep their fingerprints.
        let format = !fees.isEmpty || flow.fields.contains(where: { $0.minimum != nil || $0.maximum != nil }) ? 3
            : !flow.negativeRatingTo.isEmpty ? 2 : Machine.formatVersion
        var machine = Machine(
            format: format, workflow: h.0, version: h.1, title: h.2, department: h.3,
            kind: h.4 == .immediate ? .immediate : .promised, calendar: h.5,
            limits: CaseLimits(legal: limit(flow.limits.legal), promised: limit(flow.limits.promised), warnBefore: limit(flow.limits.warnBefore),
                               extensionAllowance: allowance(flow.limits)),
            fields: flow.fields.compactMap(fieldSpec), materials: materials, alwaysRequired: always, expressions: expressions,
            templates: templates, nodes: nodes, blocks: blocks, outcomes: outcomes, start: .node(start),
            negativeRatingTo: flow.negativeRatingTo.isEmpty ? nil : Self.uniqued(flow.negativeRatingTo.map(\.value)),
            fees: fees.isEmpty ? nil : fees, fingerprint: "")
        guard !failed else { return nil }
        if fingerprint {
            guard let fp = try? MachineCodec.fingerprint(of: machine) else { return nil }
            machine.fingerprint = fp
        }
        return CompiledFlow(machine: machine, nodeRanges: index.steps.map(\.step.id.range))
    }

    /// Each role once, in the order written: a role named twice is told once.
    static func uniqued(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The machine's invariant: moves stay inside their branch (or at the top
    /// level), `done` only inside a branch, a block's `next` at the top level.
    /// branch-escapes-block reports violations; such a model is not compiled.
    static func scopesAreClosed(_ nodes: [ShenpiMachine.Node], _ blocks: [Block]) -> Bool {
        for node in nodes {
            for t in node.targets {
                switch t {
                case .branchDone: if node.block == nil { return false }
                case .node(let n): if nodes[n].block != node.block || nodes[n].branch != node.branch { return false }
                case .outcome: break
                }
            }
        }
        return blocks.allSatisfy { b in
            switch b.next {
            case .branchDone: return false
            case .node(let n): return nodes[n].block == nil
            case .outcome: return true
            }
        }
    }

    mutating func nodeKind(_ step: Step, blockOfStep: [String: Int], blocks: inout [Block]) -> ShenpiMachine.Node.Kind? {
        switch step.kind {
        case .task(let t):
            guard let role = t.role?.value else { return nil }
            var transitions: [Transition] = []
            for d in t.decisions {
                guard let next = d.next, let target = target(next.value) else { return nil }
                transitions.append(Transition(name: d.name.value, target: target, requestSupplement: d.requestSupplement,
                    withoutMaterials: d.needsMaterials ? nil : true, pause: d.pause?.value.clockReason.rawValue, pauseExpected: limit(d.expected), resume: d.resume, extend: limit(d.extend), notify: notices(d.notify)))
            }
            let timeout = t.onTimeout.flatMap { name in t.decisions.firstIndex { $0.name.value == name.value } }
            if t.onTimeout != nil && timeout == nil { return nil }
            return .task(TaskSpec(role: role, limit: limit(t.limit), warnBefore: limit(t.warnBefore),
                checks: materialSet(t.checks), produces: materialSet(t.produces), fourEyes: t.fourEyes, onTimeout: timeout, transitions: transitions))
        case .parallel(let p):
            guard let b = blockOfStep[step.id.value], let next = step.next.flatMap({ target($0.value) }), let node = nodeNumber[step.id.value] else { return nil }
            var branches: [Block.Branch] = []
            for br in p.branches {
                guard let first = br.steps.first, let entry = nodeNumber[first.id.value] else { return nil }
                let members = nodesOfBranch[StepScope(block: step.id.value, branch: br.id.value)] ?? []
                branches.append(.init(id: br.id.value, title: br.title?.value ?? br.id.value, entry: entry, nodes: members))
            }
            let required: Int
            switch p.join?.value ?? .all {
            case .all: required = branches.count
            case .any: required = 1
            case .count(let n): required = n
            }
            blocks.append(Block(node: node, branches: branches, required: required, next: next, cancellation: branches.flatMap(\.nodes)))
            return .parallel(block: b)
        case .route(let arms):
            var out: [ShenpiMachine.RouteArm] = []
            for a in arms {
                guard let next = a.next, let t = target(next.value) else { return nil }
                var cond: Int?
                if !a.isOtherwise {
                    guard let c = a.condition, let i = expression(c) else { return nil }
                    cond = i
                }
                out.append(.init(condition: cond, target: t))
            }
            return .route(out)
        case .wait(let d):
            guard let d, let l = limit(d), let next = step.next.flatMap({ target($0.value) }) else { return nil }
            return .wait(l, next: next)
        case .call(let call):
            var mapped: [String: Target] = [:]
            for (o, t) in call.outcomes {
                guard let tt = target(t.value) else { return nil }
                mapped[o.value] = tt
            }
            return .call(flow: call.flow.value, outcomes: mapped)
        }
    }

    func target(_ name: String) -> Target? {
        if name == branchDoneTarget { return .branchDone }
        if let n = nodeNumber[name] { return .node(n) }
        if let o = outcomeNumber[name] { return .outcome(o) }
        return nil
    }

    mutating func expression(_ e: LocatedExpression) -> Int? {
        guard e.expr != nil else {
            failed = true
            return nil
        }
        if let i = expressions.firstIndex(of: e.text) { return i }
        expressions.append(e.text)
        return expressions.count - 1
    }

    mutating func materialSet(_ ids: [Located<String>]) -> MaterialSet {
        var set = MaterialSet()
        for id in ids {
            guard let i = materialNumber[id.value] else {
                failed = true
                continue
            }
            set.insert(i)
        }
        return set
    }

    func limit(_ d: Located<Duration>?) -> Limit? {
        guard let d = d?.value else { return nil }
        switch d.unit {
        case .workdays: return Limit(amount: d.amount, unit: .workdays)
        case .days: return Limit(amount: d.amount, unit: .days)
        case .hours: return Limit(amount: d.amount * 60, unit: .minutes)
        }
    }

    /// `limits.extension`; `none` is a ceiling of 0 in the case limit's unit.
    func allowance(_ limits: Limits) -> ExtensionAllowance? {
        guard let e = limits.extensionCeiling else { return nil }
        if e.isNone { return ExtensionAllowance(max: Limit(amount: 0, unit: limit(limits.effective)?.unit ?? .workdays), by: nil, times: nil) }
        guard let max = limit(e.max), let by = e.by?.value else { return nil }
        return ExtensionAllowance(max: max, by: by, times: e.times?.value)
    }

    func notices(_ list: [Notice]) -> [NotifySpec] {
        list.map { n in
            let role: String? = if case .role(let r) = n.to.value { r } else { nil }
            switch n.content {
            case .template(let t): return NotifySpec(role: role, template: t.value, message: nil)
            case .message(let m):
                let text = flow.guide.place.map { m.value.replacingOccurrences(of: "{guide.place}", with: $0) } ?? m.value
                return NotifySpec(role: role, template: nil, message: text)
            }
        }
    }

    func fieldSpec(_ f: Field) -> FieldSpec? {
        guard let t = f.type?.value else { return nil }
        switch t {
        case .enumeration(let values): return FieldSpec(id: f.id.value, type: "enum", values: values, required: f.required)
        case .residentID: return FieldSpec(id: f.id.value, type: "resident-id", values: nil, required: f.required)
        default: return FieldSpec(id: f.id.value, type: t.description, values: nil, required: f.required, minimum: f.minimum?.value, maximum: f.maximum?.value)
        }
    }
}

extension MachineCompiler {
    /// Why a flow that lint let through (its errors suppressed) is still not
    /// compiled: a ceiling that cannot be read must not become no ceiling,
    /// which would let anyone extend without limit, nor may a timeout
    /// approve an extension under one. `nil` when nothing stands in the way.
    public static func refusal(of flow: Workflow, index: FlowIndex? = nil) -> String? {
        guard let e = flow.limits.extensionCeiling else { return nil }
        if !e.isReadable {
            return "limits.extension could not be read (its errors are suppressed); a flow is not deployed without the ceiling it declares"
        }
        if !e.isNone, e.max?.value.unit != flow.limits.effective?.value.unit {
            return "limits.extension.max is not in the case limit's unit (extension-unit is suppressed)"
        }
        for entry in (index ?? FlowIndex(flow)).steps {
            guard case .task(let task) = entry.step.kind, let t = task.onTimeout else { continue }
            if task.decisions.contains(where: { $0.name.value == t.value && $0.extend != nil }) {
                return "step \"\(entry.step.id.value)\" extends the case limit on timeout under limits.extension "
                    + "(extension-approver is suppressed); a timeout approves no extension"
            }
        }
        return nil
    }
}
