import ShenpiExpression

/// What an engine needs from a machine on every command, computed once:
/// the parsed conditions, lookups by id and split notification texts.
/// Derived from `expressions`, `nodes`, `materials`, `fields`, `templates`
/// and `outcomes` (rebuilt whenever one of them is set),
/// never encoded, and left out of equality and hashing: two machines with
/// the same encoded contents have the same preparation, so `==`, the
/// fingerprint and the canonical bytes all stay those of the encoded fields.
public struct PreparedMachine: Sendable, Hashable {
    final class Storage: Sendable {
        let conditions: [Expr?]
        let nodes: [String: Int]
        let materials: [String: Int]
        let fields: [String: Int]
        /// The ids in machine order, and whether each appears once: then a
        /// list that follows the machine's order is matched by position.
        let materialIDs: [String]
        let uniqueMaterialIDs: Bool
        let uniqueFieldIDs: Bool
        /// Every template and inline message of the machine, split.
        let texts: [String: TemplateText]
        /// The machine's templates by id, split.
        let templates: [String: TemplateText]

        init(expressions: [String], nodes: [Node], materials: [MaterialSpec], fields: [FieldSpec],
             templates: [String: String], outcomes: [OutcomeSpec]) {
            conditions = expressions.map { text in
                if case .success(let e) = Expression.parse(text) { return e }
                return nil
            }
            self.nodes = Self.index(nodes.map(\.id))
            materialIDs = materials.map(\.id)
            self.materials = Self.index(materialIDs)
            self.fields = Self.index(fields.map(\.id))
            uniqueMaterialIDs = self.materials.count == materialIDs.count
            uniqueFieldIDs = self.fields.count == fields.count
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
        }

        /// First index of each id, as a linear `firstIndex` would find it.
        static func index(_ ids: [String]) -> [String: Int] {
            var out: [String: Int] = [:]
            out.reserveCapacity(ids.count)
            for (i, id) in ids.enumerated() where out[id] == nil { out[id] = i }
            return out
        }
    }

    let storage: Storage

    init(expressions: [String], nodes: [Node], materials: [MaterialSpec], fields: [FieldSpec],
         templates: [String: String], outcomes: [OutcomeSpec]) {
        storage = Storage(expressions: expressions, nodes: nodes, materials: materials, fields: fields,
                          templates: templates, outcomes: outcomes)
    }

    /// Condition `i` parsed; `nil` when its text does not parse (the compiler
    /// never stores such a text) or `i` is out of range.
    public func condition(_ i: Int) -> Expr? {
        i >= 0 && i < storage.conditions.count ? storage.conditions[i] : nil
    }

    /// Index of the node / material / field with this id.
    public func node(_ id: String) -> Int? { storage.nodes[id] }
    public func material(_ id: String) -> Int? { storage.materials[id] }
    public func field(_ id: String) -> Int? { storage.fields[id] }

    /// `material(id)`, checking first whether it is the material at
    /// `position` (a comparison instead of a hash when lists follow the
    /// machine's order); the same answer either way.
    public func material(_ id: String, probablyAt position: Int) -> Int? {
        let ids = storage.materialIDs
        if storage.uniqueMaterialIDs, position >= 0, position < ids.count, ids[position] == id { return position }
        return storage.materials[id]
    }

    /// No two fields share an id.
    public var fieldIDsAreUnique: Bool { storage.uniqueFieldIDs }

    /// `text` split into literals and placeholders: prepared for the
    /// machine's own texts, split now for any other.
    public func template(_ text: String) -> TemplateText { storage.texts[text] ?? TemplateText(text) }

    /// The template with this id (`Machine.templates`), split; `nil` when
    /// the machine has none by that id.
    public func template(id: String) -> TemplateText? { storage.templates[id] }

    /// Derived data: always equal, hashes nothing (see the type's comment).
    public static func == (a: PreparedMachine, b: PreparedMachine) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

extension Machine {
    static func prepare(_ expressions: [String], _ nodes: [Node], _ materials: [MaterialSpec], _ fields: [FieldSpec],
                        _ templates: [String: String], _ outcomes: [OutcomeSpec]) -> PreparedMachine {
        PreparedMachine(expressions: expressions, nodes: nodes, materials: materials, fields: fields,
                        templates: templates, outcomes: outcomes)
    }

    mutating func reprepare() {
        prepared = Self.prepare(expressions, nodes, materials, fields, templates, outcomes)
    }

    /// The coded fields: everything but `prepared`.
    enum CodingKeys: String, CodingKey {
        case format, workflow, version, title, department, kind, calendar, limits, fields, materials, alwaysRequired
        case expressions, templates, nodes, blocks, outcomes, start, fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            format: try c.decode(Int.self, forKey: .format), workflow: try c.decode(String.self, forKey: .workflow),
            version: try c.decode(Int.self, forKey: .version), title: try c.decode(String.self, forKey: .title),
            department: try c.decode(String.self, forKey: .department), kind: try c.decode(ItemKind.self, forKey: .kind),
            calendar: try c.decode(String.self, forKey: .calendar), limits: try c.decode(CaseLimits.self, forKey: .limits),
            fields: try c.decode([FieldSpec].self, forKey: .fields), materials: try c.decode([MaterialSpec].self, forKey: .materials),
            alwaysRequired: try c.decode(MaterialSet.self, forKey: .alwaysRequired),
            expressions: try c.decode([String].self, forKey: .expressions),
            templates: try c.decode([String: String].self, forKey: .templates), nodes: try c.decode([Node].self, forKey: .nodes),
            blocks: try c.decode([Block].self, forKey: .blocks), outcomes: try c.decode([OutcomeSpec].self, forKey: .outcomes),
            start: try c.decode(Target.self, forKey: .start), fingerprint: try c.decode(String.self, forKey: .fingerprint))
    }
}
