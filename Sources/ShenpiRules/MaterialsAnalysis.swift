import ShenpiLanguage

/// The deduplicated set of materials an applicant brings once for the whole
/// flow ("one set of 16 instead of 26"), with who checks each one.
public struct OneSet: Sendable {
    /// A step that checks a material.
    public struct Check: Sendable, Hashable {
        public var step: String
        public var role: String?
        /// The role's department in the registry (`nil` when unknown).
        public var department: String?
        /// The called flow the step belongs to, for materials of a sub-flow; `nil` for the flow itself.
        public var subflow: String?
    }

    public struct Item: Sendable {
        public var material: Material
        /// Steps that check it, in file order (the flow's, then its sub-flows').
        public var checks: [Check]
        /// The called flow that asks for it, when the flow itself does not list it.
        public var subflow: String?

        /// Departments that check it, in order of first check (`nil`: a role without a known department).
        public var departments: [String?] {
            var out: [String?] = []
            for c in checks where !out.contains(c.department) { out.append(c.department) }
            return out
        }
    }

    /// Materials the applicant brings, in declaration order: those no step produces.
    public var items: [Item]

    /// How many documents the applicant hands over once.
    public var uniqueCount: Int { items.count }

    /// What each department checks, in order of first appearance: the set it
    /// would ask for if the applicant went to each department separately.
    public var byDepartment: [(department: String?, materials: [String])] {
        var order: [String?] = []
        var sets: [String?: [String]] = [:]
        for item in items {
            for d in item.departments {
                if sets[d] == nil { order.append(d) }
                sets[d, default: []].append(item.material.id.value)
            }
        }
        return order.map { ($0, sets[$0] ?? []) }
    }

    /// The checks summed over departments: Σ over departments of the materials
    /// each checks — what separate windows would ask for in all.
    public var summedOverDepartments: Int { summedOverDepartments(excluding: []) }

    /// The same sum leaving out some departments, e.g. the center's own one-stop
    /// window, which checks everything on the others' behalf.
    public func summedOverDepartments(excluding: Set<String>) -> Int {
        items.reduce(0) { n, item in n + item.departments.filter { d in d.map { !excluding.contains($0) } ?? true }.count }
    }
}

/// Materials across a flow: what steps produce, and the one set the applicant brings.
public enum MaterialsAnalysis {
    /// The one set of materials for `flow`: every declared material that no
    /// step `produces` (a document obtained during the procedure is not the
    /// applicant's to bring), in declaration order, with the steps and
    /// departments that check it. A called flow found in `subflows` (by id)
    /// adds the materials it declares that the flow does not (the same id is
    /// the same document), and its steps' checks count too. Roles are
    /// resolved to departments through `registry`.
    public static func oneSet(of flow: Workflow, registry: Registry?, subflows: [String: Workflow] = [:]) -> OneSet {
        var items: [OneSet.Item] = []
        var position: [String: Int] = [:]
        var visited: Set<String> = []
        func add(_ f: Workflow, subflow: String?) {
            if let id = f.id?.value {
                guard !visited.contains(id) else { return }
                visited.insert(id)
            }
            let index = FlowIndex(f)
            let produced = Set(producers(in: index).keys)
            for m in f.materials where position[m.id.value] == nil && !produced.contains(m.id.value) {
                position[m.id.value] = items.count
                items.append(OneSet.Item(material: m, checks: [], subflow: subflow))
            }
            for entry in index.steps {
                guard let task = entry.step.task else { continue }
                let department = task.role.flatMap { registry?.role($0.value)?.department?.value }
                var seen: Set<String> = []
                for m in task.checks where seen.insert(m.value).inserted {
                    guard let i = position[m.value] else { continue }
                    items[i].checks.append(.init(step: entry.step.id.value, role: task.role?.value, department: department, subflow: subflow))
                }
            }
            for entry in index.steps {
                guard case .call(let call) = entry.step.kind, let sub = subflows[call.flow.value] else { continue }
                add(sub, subflow: call.flow.value)
            }
        }
        add(flow, subflow: nil)
        return OneSet(items: items)
    }

    /// Material id → the steps that produce it, in file order.
    public static func producers(in index: FlowIndex) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for entry in index.steps {
            guard let task = entry.step.task else { continue }
            for m in task.produces where !(out[m.value]?.contains(entry.step.id.value) ?? false) {
                out[m.value, default: []].append(entry.step.id.value)
            }
        }
        return out
    }
}
