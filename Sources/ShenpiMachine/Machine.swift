import ShenpiExpression

/// A flow compiled for execution: dense integer node ids, one transition
/// table per task, join counters, cancellation regions, materials as bit
/// sets, expressions parsed once and durations normalized. Immutable; the
/// engine pins each case to `fingerprint`.
///
/// The serialized form (`MachineCodec`) is stable: sorted keys, no floats in
/// identity fields, format version first. Change `formatVersion` whenever the
/// meaning of a field changes.
public struct Machine: Sendable, Hashable, Codable {
    public static let formatVersion = 1
    /// Format 2: a machine with `negativeRatingTo`. Written only for such a
    /// machine, so the others keep format 1 and their fingerprints, and a
    /// build that cannot tell the roles says so rather than blaming the
    /// fingerprint.
    /// Format 3: a machine with `fees`. As with format 2, only such a
    /// machine is written in it.
    public static let newestFormat = 3

    public var format: Int
    public var workflow: String
    public var version: Int
    public var title: String { didSet { reprepare() } }
    public var department: String
    public var kind: ItemKind
    public var calendar: String
    public var limits: CaseLimits { didSet { reprepare() } }
    public var fields: [FieldSpec] { didSet { reprepare() } }
    public var materials: [MaterialSpec] { didSet { reprepare() } }
    /// Materials required at submission whatever the applicant's fields say.
    public var alwaysRequired: MaterialSet
    /// Condition texts; `MaterialSpec.condition` and route arms index into this.
    public var expressions: [String] { didSet { reprepare() } }
    public var templates: [String: String] { didSet { reprepare() } }
    public var nodes: [Node] { didSet { reprepare() } }
    public var blocks: [Block] { didSet { reprepare() } }
    public var outcomes: [OutcomeSpec] { didSet { reprepare() } }
    public var start: Target { didSet { reprepare() } }
    /// Roles told at once of a 差评; `nil` (not encoded, so the flows
    /// without it keep their fingerprints) when none.
    public var negativeRatingTo: [String]? { didSet { reprepare() } }
    /// Fees charged on a case, each an amount worked out from its fields;
    /// `nil` (not encoded) when none.
    public var fees: [FeeSpec]? { didSet { reprepare() } }
    /// SHA-256 (hex) of the canonical encoding with this field empty.
    public var fingerprint: String
    /// Parsed conditions, indexes by id and the tables the engine reads
    /// (`Machine+Prepared.swift`): derived, not encoded, not part of
    /// equality. Every field it copies rebuilds it when set.
    public internal(set) var prepared: PreparedMachine

    public init(
        format: Int, workflow: String, version: Int, title: String, department: String, kind: ItemKind, calendar: String,
        limits: CaseLimits, fields: [FieldSpec], materials: [MaterialSpec], alwaysRequired: MaterialSet, expressions: [String],
        templates: [String: String], nodes: [Node], blocks: [Block], outcomes: [OutcomeSpec], start: Target, negativeRatingTo: [String]? = nil,
        fees: [FeeSpec]? = nil, fingerprint: String
    ) {
        self.format = format
        self.workflow = workflow
        self.version = version
        self.title = title
        self.department = department
        self.kind = kind
        self.calendar = calendar
        self.limits = limits
        self.fields = fields
        self.materials = materials
        self.alwaysRequired = alwaysRequired
        self.expressions = expressions
        self.templates = templates
        self.nodes = nodes
        self.blocks = blocks
        self.outcomes = outcomes
        self.start = start
        self.negativeRatingTo = negativeRatingTo
        self.fees = fees
        self.fingerprint = fingerprint
        prepared = Self.prepare(title: title, limits: limits, fields: fields, materials: materials, expressions: expressions,
                                templates: templates, nodes: nodes, blocks: blocks, outcomes: outcomes, start: start,
                                negativeRatingTo: negativeRatingTo, fees: fees)
    }

    public enum ItemKind: String, Sendable, Hashable, Codable {
        case immediate
        case promised
    }
}

/// Where a transition leads.
public enum Target: Sendable, Hashable, Codable, CustomStringConvertible {
    case node(Int)
    case outcome(Int)
    /// Ends the current parallel branch.
    case branchDone

    public var description: String {
        switch self {
        case .node(let n): return "node \(n)"
        case .outcome(let o): return "outcome \(o)"
        case .branchDone: return "done"
        }
    }
}

/// A fee of the flow (`fees:`): `amount` indexes the machine's expressions.
public struct FeeSpec: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var amount: Int
    public var basis: String?

    public init(id: String, title: String, amount: Int, basis: String?) {
        self.id = id
        self.title = title
        self.amount = amount
        self.basis = basis
    }
}

/// A duration normalized to one of three units; hours are kept as minutes
/// so office-hour arithmetic stays in integers.
public struct Limit: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable, Codable {
        case workdays
        case days
        case minutes
    }

    public var amount: Int
    public var unit: Unit

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String {
        switch unit {
        case .workdays: return "\(amount) workday\(amount == 1 ? "" : "s")"
        case .days: return "\(amount) day\(amount == 1 ? "" : "s")"
        case .minutes: return amount % 60 == 0 ? "\(amount / 60) hour\(amount == 60 ? "" : "s")" : "\(amount) minutes"
        }
    }
}

public struct CaseLimits: Sendable, Hashable, Codable {
    public var legal: Limit?
    public var promised: Limit?
    public var warnBefore: Limit?
    /// `limits.extension`; `nil` (and absent from the encoding, so older
    /// machines keep their fingerprints) when the flow does not say.
    public var extensionAllowance: ExtensionAllowance?

    public init(legal: Limit?, promised: Limit?, warnBefore: Limit?, extensionAllowance: ExtensionAllowance? = nil) {
        self.legal = legal
        self.promised = promised
        self.warnBefore = warnBefore
        self.extensionAllowance = extensionAllowance
    }

    private enum CodingKeys: String, CodingKey {
        case legal, promised, warnBefore
        case extensionAllowance = "extension"
    }
}

public struct FieldSpec: Sendable, Hashable, Codable {
    public var id: String
    /// `string`, `integer`, … `enum`, `phone`, `resident-id` (the language's names).
    public var type: String
    public var values: [String]?
    public var required: Bool
    /// Bounds of an integer or number field; `nil` (not encoded) when none.
    public var minimum: Double?
    public var maximum: Double?

    public init(id: String, type: String, values: [String]?, required: Bool, minimum: Double? = nil, maximum: Double? = nil) {
        self.id = id
        self.type = type
        self.values = values
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Whether the field has bounds (a machine that has any is format 3).
    public var isBounded: Bool { minimum != nil || maximum != nil }
}

public struct MaterialSpec: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// `always`, `deferrable` or `optional`.
    public var requirement: String
    /// Index into `Machine.expressions`: required only when it holds.
    public var condition: Int?
    public var forms: [String]
    public var copies: Int
    public var source: String

    public init(id: String, title: String, requirement: String, condition: Int?, forms: [String], copies: Int, source: String) {
        self.id = id
        self.title = title
        self.requirement = requirement
        self.condition = condition
        self.forms = forms
        self.copies = copies
        self.source = source
    }
}

public struct OutcomeSpec: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// `granted`, `refused`, `not-accepted` or `withdrawn`.
    public var kind: String
    public var notify: [NotifySpec]

    public init(id: String, title: String, kind: String, notify: [NotifySpec]) {
        self.id = id
        self.title = title
        self.kind = kind
        self.notify = notify
    }

    public var isRefusal: Bool { kind == "refused" || kind == "not-accepted" }
}

public struct NotifySpec: Sendable, Hashable, Codable {
    /// `nil` for the applicant, else a role id.
    public var role: String?
    /// A template id, or inline text when `template` is nil.
    public var template: String?
    public var message: String?

    public init(role: String?, template: String?, message: String?) {
        self.role = role
        self.template = template
        self.message = message
    }
}
