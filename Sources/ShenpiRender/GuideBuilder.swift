import Foundation
import ShenpiLanguage
import ShenpiRules

/// Builds the service-guide page of a checked flow: every element resolved
/// to the words the public reads.
public enum GuideBuilder {
    /// The page of `checked`. `subItems` are the catalog's flows by id, for
    /// the sub-flow calls: their department and limit in the procedure, and
    /// their materials in the one set the applicant brings.
    public static func page(for checked: CheckedFlow, subItems: [String: Workflow] = [:]) -> GuidePage {
        let flow = checked.flow
        let names = Names(flow: flow, registry: checked.catalog.registry, subItems: subItems)
        let g = flow.guide
        let departmentID = flow.department?.value
        let steps = names.steps(flow.steps, sinks: names.resultOutcomes)
        return GuidePage(
            id: flow.id?.value ?? "",
            version: flow.version?.value,
            title: flow.title?.value ?? flow.id?.value ?? flow.file,
            file: flow.file,
            center: checked.catalog.registry?.title?.value,
            departmentID: departmentID,
            department: departmentID.map(names.department) ?? GuideWords.none,
            body: g.body,
            itemType: g.itemType,
            basicCode: g.basicCode,
            implementationCode: g.implementationCode,
            kind: flow.kind.map { GuideWords.kind($0.value) },
            legalLimit: flow.limits.noLegal != nil ? GuideWords.noLegalLimit
                : flow.limits.legal.map { GuideWords.legalLimit($0.value, promised: flow.limits.promised != nil) },
            promisedLimit: flow.limits.promised.map { GuideWords.duration($0.value) },
            extensionText: flow.limits.extensionCeiling.flatMap { names.extensionText($0) },
            conditions: g.conditions,
            legalBasis: g.legalBasis,
            materials: materials(of: flow, subItems: subItems, steps: steps),
            separateSubmissions: separateSubmissions(of: flow, registry: checked.catalog.registry, subItems: subItems),
            steps: steps,
            outcomes: flow.outcomes.map { GuidePage.Outcome(id: $0.id.value, title: $0.title?.value ?? $0.id.value, kind: $0.kind?.value) },
            fee: g.fee.flatMap(GuideWords.fee),
            feeBasis: g.fee?.basis,
            resultTitle: g.resultTitle,
            resultType: g.resultType,
            delivery: g.delivery.map(GuideWords.delivery),
            visits: g.visits.map(GuideWords.visits),
            place: g.place,
            hours: g.hours,
            enquiryPhone: g.enquiryPhone,
            complaintPhone: g.complaintPhone,
            flow: flow,
            registry: checked.catalog.registry,
            catalog: checked.catalog
        )
    }

    /// The one set of materials the applicant brings (`MaterialsAnalysis.oneSet`):
    /// the flow's own list, then whatever a called sub-item asks for that the
    /// flow does not already list; documents a step produces are not the
    /// applicant's to bring.
    /// What the applicant would hand over in all if each reviewing department
    /// took the application separately (the departments' checks summed, the
    /// one-stop intake window left out) — shown beside the one set when it is
    /// larger, as in 三证合一's "one set instead of several". `nil` when fewer
    /// than two departments review.
    static func separateSubmissions(of flow: Workflow, registry: Registry?, subItems: [String: Workflow]) -> Int? {
        guard let registry else { return nil }
        let set = MaterialsAnalysis.oneSet(of: flow, registry: registry, subflows: subItems)
        // The intake is the first task (a flow may open with a route, as the bus card's age check does).
        let intake = flow.steps.lazy.compactMap(\.task).first?.role.flatMap { registry.role($0.value)?.department?.value }
        let reviewing = Set(set.items.flatMap(\.departments).compactMap { $0 }).subtracting(intake.map { [$0] } ?? [])
        guard reviewing.count >= 2 else { return nil }
        let total = set.summedOverDepartments(excluding: intake.map { [$0] } ?? [])
        return total > set.uniqueCount ? total : nil
    }

    static func materials(of flow: Workflow, subItems: [String: Workflow], steps: [GuidePage.Step] = []) -> [GuidePage.Material] {
        let set = MaterialsAnalysis.oneSet(of: flow, registry: nil, subflows: subItems)
        let shown = Dictionary(flattened(steps).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let checkers = FlowIndex(flow).steps.compactMap { e in e.step.task.map { (e.step.id.value, $0.checks.map(\.value)) } }
        return set.items.map { item in
            let source = item.subflow.flatMap { subItems[$0] } ?? flow
            let fields = Dictionary(source.fields.map { ($0.id.value, $0.title?.value ?? $0.id.value) }, uniquingKeysWith: { a, _ in a })
            var m = material(item.material, fields: fields, from: item.subflow.map { source.title?.value ?? $0 })
            if let expr = item.material.condition?.expr, let words = GuideConditionWords(source).words(expr) {
                m.conditionWords = words
                m.conditionFields = []
            }
            // 容缺后补: accepted without it, but the first step after the intake that checks it needs it.
            if item.subflow == nil, item.material.requirement == .deferrable, let intake = checkers.first?.0 {
                m.deferredUntil = Self.firstCheckers(of: m.id, after: intake, in: flow).compactMap { shown[$0]?.title }
            }
            // Checked only where a case may never go: say where, since no `when:` will.
            if item.subflow == nil, item.material.condition == nil {
                let at = checkers.filter { $0.1.contains(m.id) }.compactMap { shown[$0.0] }
                if !at.isEmpty, at.allSatisfy(\.optional) { m.onlyAt = at.map(\.title) }
            }
            return m
        }
    }

    /// The steps after the intake that check `material` first on some way
    /// through the flow, in file order: a walk from the intake's targets
    /// that stops at each checker. A route that can skip one checker for
    /// another names both (the file's first checker alone told an applicant
    /// routed past it the wrong step); a parallel block leads into each
    /// branch and, past its join, to its `next` — a step named there that a
    /// branch's checker always comes before changes nothing, since the
    /// guide says "before the first of these".
    static func firstCheckers(of material: String, after intake: String, in flow: Workflow) -> [String] {
        let index = FlowIndex(flow)
        var found: Set<String> = []
        var visited: Set<String> = [intake]
        var queue = index.stepByID[intake].map { FlowIndex.targets(of: $0.step).map(\.value) } ?? []
        while let id = queue.popLast() {
            guard visited.insert(id).inserted, let step = index.stepByID[id]?.step else { continue }
            if let task = step.task, task.checks.contains(where: { $0.value == material }) {
                found.insert(id)
                continue
            }
            if case .parallel(let block) = step.kind {
                queue += block.branches.compactMap { $0.steps.first?.id.value }
            }
            queue += FlowIndex.targets(of: step).map(\.value)
        }
        return index.steps.map(\.step.id.value).filter(found.contains)
    }

    /// The steps of the procedure with those of parallel branches, in order.
    static func flattened(_ steps: [GuidePage.Step]) -> [GuidePage.Step] {
        steps.flatMap { [$0] + $0.branches.flatMap { flattened($0.steps) } }
    }

    static func material(_ m: Material, fields: [String: String], from subItem: String?) -> GuidePage.Material {
        let ids = m.condition?.expr.map(fieldsInOrder) ?? []
        return GuidePage.Material(
            id: m.id.value,
            title: m.title?.value ?? m.id.value,
            forms: GuideWords.forms(m.forms),
            copies: m.copies,
            source: GuideWords.source(m.source),
            requirement: GuideWords.requirement(m.requirement),
            condition: m.condition?.text.trimmingCharacters(in: .whitespaces),
            conditionFields: ids.compactMap { id in fields[id].map { GuidePage.FieldName(id: id, title: $0) } },
            standard: m.standard,
            sample: m.sample,
            fromSubItem: subItem
        )
    }

    /// The fields an expression reads, in the order they are written.
    static func fieldsInOrder(_ e: Expr) -> [String] {
        var out: [String] = []
        func walk(_ e: Expr) {
            switch e.kind {
            case .integer, .number, .string, .boolean: break
            case .field(let name): if !out.contains(name) { out.append(name) }
            case .list(let items): items.forEach(walk)
            case .call(let name, let args): if name != "has" { args.forEach(walk) }
            case .unary(_, let x): walk(x)
            case .binary(_, let l, let r):
                walk(l)
                walk(r)
            }
        }
        walk(e)
        return out
    }
}

/// Titles of the things a flow names.
private struct Names {
    var flow: Workflow
    var registry: Registry?
    var subItems: [String: Workflow]
    var index: FlowIndex

    init(flow: Workflow, registry: Registry?, subItems: [String: Workflow]) {
        self.flow = flow
        self.registry = registry
        self.subItems = subItems
        self.index = FlowIndex(flow)
    }

    /// `经气象局分管领导批准，可延长 10 个工作日，以一次为限`; with several
    /// times, `累计不超过 10 个工作日，最多分 2 次` (`max` is the total, not
    /// each one's); `不予延长` for `none`.
    func extensionText(_ e: ExtensionCeiling) -> String? {
        if e.isNone { return "不予延长" }
        guard let max = e.max, let by = e.by else { return nil }
        let approved = "经\(role(by.value).title)批准，"
        if let times = e.times?.value, times > 1 {
            return approved + "可延长，累计不超过 \(GuideWords.duration(max.value))，最多分 \(times) 次"
        }
        return approved + "可延长 \(GuideWords.duration(max.value))" + (e.times == nil ? "" : "，以一次为限")
    }

    func department(_ id: String) -> String { registry?.department(id)?.title?.value ?? id }

    func role(_ id: String) -> (title: String, department: String?) {
        guard let r = registry?.role(id) else { return (id, nil) }
        return (r.title?.value ?? id, r.department.map { department($0.value) })
    }

    /// What a decision target is called: a step's or outcome's title.
    func target(_ id: String) -> String {
        if id == branchDoneTarget { return "本部门办结" }
        if let e = index.stepByID[id] { return e.step.title?.value ?? id }
        if let b = index.branchByID[id] { return b.title?.value ?? id }
        if let o = index.outcomeByID[id] { return o.title?.value ?? id }
        return id
    }

    func isRefusal(_ id: String) -> Bool { index.outcomeByID[id]?.kind?.value.isRefusal ?? false }

    func step(_ s: Step, first: Bool = false) -> GuidePage.Step {
        let title = s.title?.value
        var out = GuidePage.Step(id: s.id.value, kind: .task, title: title ?? s.id.value)
        switch s.kind {
        case .task(let t):
            if let r = t.role?.value {
                let role = role(r)
                out.role = role.title
                out.department = role.department
            }
            out.limit = t.limit.map { GuideWords.duration($0.value) }
            out.notes = notes(of: t, first: first)
        case .parallel(let block):
            out.kind = .parallel
            out.title = title ?? "并联审批"
            out.branches = block.branches.map(branch)
            out.notes = [GuideWords.join(block.join?.value, branches: block.branches.count) + "。"]
            let targets = block.branches.flatMap { $0.steps.flatMap(allTargets) }
            if targets.contains(where: isRefusal) {
                out.notes.append("任一部门不予通过的，整件不予办理，其他部门停止办理。")
            }
        case .route(let arms):
            out.kind = .route
            out.title = title ?? "条件分流"
            let said = GuideConditionWords(flow)
            out.arms = arms.map {
                GuidePage.RouteArm(condition: $0.condition?.text.trimmingCharacters(in: .whitespaces), target: $0.next.map { target($0.value) } ?? GuideWords.none,
                                   words: $0.condition?.expr.flatMap(said.words))
            }
        case .wait(let d):
            out.kind = .wait
            out.title = title ?? "公示"
            out.limit = d.map { GuideWords.duration($0.value) }
            if let next = s.next?.value, let d {
                out.notes = ["\(GuideWords.duration(d.value))，期满后进入「\(target(next))」，期间计入办理时限。"]
            }
        case .call(let call):
            out.kind = .call
            let sub = subItems[call.flow.value]
            let subTitle = sub?.title?.value ?? call.flow.value
            out.title = title ?? subTitle
            out.department = sub?.department.map { department($0.value) }
            out.limit = sub?.limits.effective.map { GuideWords.duration($0.value) }
            out.link = call.flow.value
            out.notes = ["按「\(subTitle)」事项办理。"]
        }
        return out
    }

    /// The outcomes a case aims at: the granted ones (all, when none is).
    var resultOutcomes: Set<String> {
        let granted = flow.outcomes.filter { $0.kind?.value == .granted }.map(\.id.value)
        return Set(granted.isEmpty ? flow.outcomes.map(\.id.value) : granted)
    }

    /// A list of steps (the top level or one branch) in order, each marked
    /// optional when some path from the first step reaches a sink without it.
    func steps(_ list: [Step], sinks: Set<String>) -> [GuidePage.Step] {
        let optional = Self.optionalSteps(list, sinks: sinks)
        // The intake: the top level's first step, or the first after the
        // routes it opens with (the bus card's age check); a flow opening
        // with a parallel block or a call has none to word as Art. 32's.
        let opening = list.firstIndex { if case .route = $0.kind { false } else { true } }
        let intake = sinks != [branchDoneTarget] ? opening.flatMap { list[$0].task != nil ? $0 : nil } : nil
        return list.enumerated().map { i, s in
            var out = step(s, first: i == intake)
            out.optional = optional.contains(s.id.value)
            return out
        }
    }

    /// Steps of `list` that a case can do without: with the step removed, a
    /// sink can still be reached from the first step. The first step never is.
    static func optionalSteps(_ list: [Step], sinks: Set<String>) -> Set<String> {
        guard let first = list.first?.id.value else { return [] }
        var edges: [String: [String]] = [:]
        for s in list { edges[s.id.value] = FlowIndex.targets(of: s).map(\.value) }
        func reachesSink(without skipped: String) -> Bool {
            var seen: Set<String> = [first]
            var queue = [first]
            while let n = queue.popLast() {
                for t in edges[n] ?? [] where t != skipped && !seen.contains(t) {
                    if sinks.contains(t) { return true }
                    seen.insert(t)
                    queue.append(t)
                }
            }
            return false
        }
        guard reachesSink(without: "") else { return [] }
        return Set(list.dropFirst().map(\.id.value).filter { reachesSink(without: $0) })
    }

    func branch(_ b: Branch) -> GuidePage.Branch {
        var departments: [String] = []
        func collect(_ s: Step) {
            var d: String?
            switch s.kind {
            case .task(let t): d = t.role.flatMap { role($0.value).department }
            case .call(let c): d = subItems[c.flow.value]?.department.map { department($0.value) }
            default: break
            }
            if let d, !departments.contains(d) { departments.append(d) }
        }
        b.steps.forEach(collect)
        return GuidePage.Branch(id: b.id.value, title: b.title?.value ?? b.id.value, departments: departments,
            steps: steps(b.steps, sinks: [branchDoneTarget]))
    }

    func allTargets(_ s: Step) -> [String] {
        var out = FlowIndex.targets(of: s).map(\.value)
        if case .parallel(let block) = s.kind { out += block.branches.flatMap { $0.steps.flatMap(allTargets) } }
        return out
    }

    /// What the applicant should know about a task: deemed acceptance,
    /// one-time notice of missing materials, clock stops and extensions.
    func notes(of t: Task, first: Bool) -> [String] {
        var out: [String] = []
        func add(_ s: String) { if !out.contains(s) { out.append(s) } }
        if t.decisions.contains(where: \.requestSupplement) {
            add("材料不齐全或者不符合法定形式的，一次性告知需要补正的全部内容。")
        }
        if let timeout = t.onTimeout?.value, let next = t.decisions.first(where: { $0.name.value == timeout })?.next?.value {
            // The intake's timeout moving the case on is a deemed acceptance
            // (Art. 32), whatever it moves to: a step, a route, a block.
            if first && index.outcomeByID[next] == nil {
                add("逾期不告知补正的，自收到申请材料之日起即为受理。")
            } else {
                add("超过时限未办理的，自动转入「\(target(next))」。")
            }
        }
        for d in t.decisions {
            if let p = d.pause?.value {
                // Art. 45: how long it is expected to take, when the flow says.
                let expected = d.expected.map { "（一般需要 \(GuideWords.duration($0.value))）" } ?? ""
                add("需要\(p.chineseTitle)的，\(p.chineseTitle)所需时间\(expected)不计入办理时限。")
            }
            if let e = d.extend?.value { add("情况复杂的，经批准可延长 \(GuideWords.duration(e))。") }
        }
        return out
    }
}
