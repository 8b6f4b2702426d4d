import ShenpiExpression

/// The part of a machine an engine reads on every command, with its
/// prepared lookups, immutable behind one reference: an engine holds it for
/// a command with one retain instead of copying the machine's many arrays.
/// A copy of the machine's fields as of its last change (`Machine` rebuilds
/// it whenever one of them is set), so it always agrees with the machine.
public final class MachineTables: Sendable {
    public let title: String
    public let limits: CaseLimits
    public let fields: [FieldSpec]
    public let materials: [MaterialSpec]
    public let expressions: [String]
    public let nodes: [Node]
    public let blocks: [Block]
    public let outcomes: [OutcomeSpec]
    public let start: Target
    /// Roles told at once of a 差评 (`Machine.negativeRatingTo`).
    public let negativeRatingTo: [String]
    /// The flow's fees (`Machine.fees`), their amounts among the conditions.
    public let fees: [FeeSpec]
    /// Materials some step obtains during the procedure (`produces`): under
    /// engine rules 7 never missing, as the officers make them.
    public let produced: MaterialSet

    let conditions: [Expr?]
    let nodeIndex: [String: Int]
    let materialIndex: [String: Int]
    let fieldIndex: [String: Int]
    /// The ids in machine order, and whether each appears once: then a
    /// list that follows the machine's order is matched by position.
    let materialIDs: [String]
    let uniqueMaterialIDs: Bool
    let uniqueFieldIDs: Bool
    let fieldIDs: [String]
    /// Per field: its kind (`FieldKind`).
    public let fieldKinds: [FieldKind]
    /// Bit `i` set for each required field `i`; `nil` past 64 fields.
    public let requiredFields: UInt64?
    /// No two nodes share an id (the compiler guarantees it).
    public let nodeIDsAreUnique: Bool
    /// Per node: the limit and warning of a task with a limit, else `nil`
    /// (plain values, read without copying the task).
    public let taskClocks: [TaskClock?]

    public struct TaskClock: Sendable, Hashable {
        public let limit: Limit
        public let warnBefore: Limit?
    }
    /// Per node: its task, behind one reference (binding `.task(let task)`
    /// copied the role, the checks and every transition).
    public let tasks: [Task?]

    public final class Task: Sendable {
        public let spec: TaskSpec
        /// The fields a decision reads, each its own property: reading
        /// them through `spec` copied the spec first.
        public let role: String
        public let fourEyes: Bool
        public let checks: MaterialSet
        public let transitions: [Transition]

        init(_ spec: TaskSpec) {
            self.spec = spec
            (role, fourEyes, checks, transitions) = (spec.role, spec.fourEyes, spec.checks, spec.transitions)
        }

        /// The index of the transition named `name`, names compared in place.
        public func transitionIndex(named name: String) -> Int? {
            transitions.withUnsafeBufferPointer { all in
                var i = 0
                while i < all.count {
                    if all[i].name == name { return i }
                    i += 1
                }
                return nil
            }
        }
    }
    /// Where the machine can refuse a command after its first event.
    public let lateRefusals: LateRefusals
    /// Every template and inline message of the machine, split.
    let texts: [String: TemplateText]
    /// The machine's templates by id, split.
    let templates: [String: TemplateText]
    /// The notices of each node's transitions (by node, then transition)
    /// and of each outcome, their texts found once.
    public let transitionNotices: [[[Notice]]]
    public let outcomeNotices: [[Notice]]

    /// A notification as a decision or an outcome sends it.
    public struct Notice: Sendable {
        /// `nil` for the applicant.
        public let role: String?
        public let text: TemplateText
    }

    init(title: String, limits: CaseLimits, fields: [FieldSpec], materials: [MaterialSpec], expressions: [String],
         templates: [String: String], nodes: [Node], blocks: [Block], outcomes: [OutcomeSpec], start: Target,
         negativeRatingTo: [String] = [], fees: [FeeSpec] = []) {
        self.title = title
        self.negativeRatingTo = negativeRatingTo
        self.fees = fees
        self.limits = limits
        self.fields = fields
        self.materials = materials
        self.expressions = expressions
        self.nodes = nodes
        self.blocks = blocks
        self.outcomes = outcomes
        self.start = start
        conditions = expressions.map { text in
            if case .success(let e) = Expression.parse(text) { return e }
            return nil
        }
        nodeIndex = Self.index(nodes.map(\.id))
        materialIDs = materials.map(\.id)
        materialIndex = Self.index(materialIDs)
        fieldIDs = fields.map(\.id)
        fieldIndex = Self.index(fieldIDs)
        fieldKinds = fields.map { FieldKind(type: $0.type) }
        requiredFields = fields.count > 64 ? nil : fields.indices.reduce(0) { fields[$1].required ? $0 | 1 << UInt64($1) : $0 }
        uniqueMaterialIDs = materialIndex.count == materialIDs.count
        uniqueFieldIDs = fieldIndex.count == fields.count
        nodeIDsAreUnique = nodeIndex.count == nodes.count
        tasks = nodes.map { node in
            if case .task(let task) = node.kind { return Task(task) }
            return nil
        }
        produced = tasks.reduce(MaterialSet()) { $0.union($1?.spec.produces ?? MaterialSet()) }
        taskClocks = nodes.map { node in
            guard case .task(let task) = node.kind, let limit = task.limit else { return nil }
            return TaskClock(limit: limit, warnBefore: task.warnBefore)
        }
        lateRefusals = LateRefusals(limits: limits, nodes: nodes, blocks: blocks)
        var specs = outcomes.flatMap(\.notify)
        for node in nodes {
            if case .task(let task) = node.kind { specs += task.transitions.flatMap(\.notify) }
        }
        var texts: [String: TemplateText] = [:]
        for text in Array(templates.values) + specs.compactMap({ $0.message }) + specs.compactMap({ $0.template }) where texts[text] == nil {
            texts[text] = TemplateText(text)
        }
        self.texts = texts
        self.templates = templates.mapValues { texts[$0] ?? TemplateText($0) }
        // The template by id, else the id itself as text, else the inline message.
        let prepared = self.templates
        func notice(_ spec: NotifySpec) -> Notice {
            let text = spec.template.flatMap { prepared[$0] } ?? texts[spec.template ?? spec.message ?? ""]
                ?? TemplateText(spec.template ?? spec.message ?? "")
            return Notice(role: spec.role, text: text.filling(item: title))
        }
        transitionNotices = nodes.map { node in
            guard case .task(let task) = node.kind else { return [] }
            return task.transitions.map { $0.notify.map(notice) }
        }
        outcomeNotices = outcomes.map { $0.notify.map(notice) }
    }

    /// First index of each id, as a linear `firstIndex` would find it.
    static func index(_ ids: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        out.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() where out[id] == nil { out[id] = i }
        return out
    }

    /// Condition `i` parsed; `nil` when its text does not parse (the compiler
    /// never stores such a text) or `i` is out of range.
    public func condition(_ i: Int) -> Expr? {
        i >= 0 && i < conditions.count ? conditions[i] : nil
    }

    /// Index of the node / material / field with this id.
    public func node(_ id: String) -> Int? { nodeIndex[id] }
    public func material(_ id: String) -> Int? { materialIndex[id] }
    public func field(_ id: String) -> Int? { fieldIndex[id] }

    /// `material(id)`, checking first whether it is the material at
    /// `position` (a comparison instead of a hash when lists follow the
    /// machine's order); the same answer either way.
    public func material(_ id: String, probablyAt position: Int) -> Int? {
        if uniqueMaterialIDs, position >= 0, position < materialIDs.count, materialIDs[position] == id { return position }
        return materialIndex[id]
    }

    /// No two fields share an id.
    public var fieldIDsAreUnique: Bool { uniqueFieldIDs }

    /// `text` split into literals and placeholders: prepared for the
    /// machine's own texts, split now for any other.
    public func template(_ text: String) -> TemplateText { texts[text] ?? TemplateText(text) }

    /// The template with this id (`Machine.templates`), split; `nil` when
    /// the machine has none by that id.
    public func template(id: String) -> TemplateText? { templates[id] }
}
