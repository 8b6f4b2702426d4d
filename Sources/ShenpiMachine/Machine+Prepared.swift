import ShenpiExpression

/// The machine's `MachineTables` as a stored property of `Machine`:
/// derived from its fields (rebuilt whenever one the tables hold is set),
/// never encoded, and left out of equality and hashing. Two machines with the
/// same encoded contents have the same tables, so `==`, the fingerprint and
/// the canonical bytes all stay those of the encoded fields.
public struct PreparedMachine: Sendable, Hashable {
    let storage: MachineTables

    init(_ storage: MachineTables) { self.storage = storage }

    /// Derived data: always equal, hashes nothing (see the type's comment).
    public static func == (a: PreparedMachine, b: PreparedMachine) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

extension Machine {
    /// The tables an engine reads on every command, behind one reference.
    public var tables: MachineTables { prepared.storage }

    static func prepare(title: String, limits: CaseLimits, fields: [FieldSpec], materials: [MaterialSpec],
                        expressions: [String], templates: [String: String], nodes: [Node], blocks: [Block],
                        outcomes: [OutcomeSpec], start: Target, negativeRatingTo: [String]?, fees: [FeeSpec]? = nil) -> PreparedMachine {
        PreparedMachine(MachineTables(title: title, limits: limits, fields: fields, materials: materials,
                                      expressions: expressions, templates: templates, nodes: nodes, blocks: blocks,
                                      outcomes: outcomes, start: start, negativeRatingTo: negativeRatingTo ?? [], fees: fees ?? []))
    }

    mutating func reprepare() {
        prepared = Self.prepare(title: title, limits: limits, fields: fields, materials: materials, expressions: expressions,
                                templates: templates, nodes: nodes, blocks: blocks, outcomes: outcomes, start: start,
                                negativeRatingTo: negativeRatingTo, fees: fees)
    }

    /// The coded fields: everything but `prepared`.
    enum CodingKeys: String, CodingKey {
        case format, workflow, version, title, department, kind, calendar, limits, fields, materials, alwaysRequired
        case expressions, templates, nodes, blocks, outcomes, start, negativeRatingTo, fees, fingerprint
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
            start: try c.decode(Target.self, forKey: .start),
            negativeRatingTo: try c.decodeIfPresent([String].self, forKey: .negativeRatingTo),
            fees: try c.decodeIfPresent([FeeSpec].self, forKey: .fees),
            fingerprint: try c.decode(String.self, forKey: .fingerprint))
    }
}
