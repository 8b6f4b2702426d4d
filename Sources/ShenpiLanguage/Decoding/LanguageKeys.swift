/// The keys a mapping of the language may have, and which of them it must have.
public struct KeySet: Sendable, Hashable {
    /// Every allowed key, in the order the reference (docs/language.md) lists them.
    public let keys: [String]
    /// The keys that must be present (a subset of `keys`).
    public let required: [String]

    public init(_ keys: [String], required: [String] = []) {
        self.keys = keys
        self.required = required
    }
}

/// Which keys exist, per construct of the language. The decoders read every
/// mapping with these lists, and `shenpi schema` generates its JSON Schema from
/// them, so the two cannot drift apart. Requirements that depend on other
/// values (`promised` for promised items, `values` for enum fields, a
/// notification's `template` or `message`, a route entry's `when`+`next` or
/// `otherwise`) are checked in code and written out by hand in the schema.
public enum LanguageKeys {
    // MARK: registry.yaml

    public static let registry = KeySet(["registry", "title", "departments", "roles", "supervision"],
                                        required: ["registry", "title", "departments", "roles"])
    public static let supervision = KeySet(["untouched-after", "follow-up-within"], required: [])
    public static let department = KeySet(["id", "title"], required: ["id", "title"])
    public static let role = KeySet(["id", "title", "department"], required: ["id", "title", "department"])

    // MARK: flow header

    public static let workflow = KeySet(
        [
            "workflow", "version", "title", "department", "kind", "calendar", "limits", "guide",
            "fields", "materials", "templates", "decision-titles", "steps", "outcomes", "negative-rating-to", "fees",
        ],
        required: ["workflow", "version", "title", "department", "kind", "calendar", "limits", "steps", "outcomes"]
    )
    /// `promised` is also required when `kind: promised`.
    public static let limits = KeySet(["legal", "promised", "warn-before", "extension"], required: ["legal"])
    public static let extensionCeiling = KeySet(["max", "by", "times"], required: ["max", "by"])

    // MARK: service guide

    public static let guide = KeySet([
        "item-type", "codes", "body", "legal-basis", "conditions", "visits", "place", "hours", "fee",
        "result", "delivery", "contacts",
    ])
    public static let codes = KeySet(["basic", "implementation"])
    /// `fee` written as a mapping (it may also be text).
    public static let fee = KeySet(["amount", "unit", "basis"], required: ["amount"])
    public static let result = KeySet(["title", "type"], required: ["title"])
    /// An item of the flow's `fees`.
    public static let feeRule = KeySet(["id", "title", "amount", "basis"], required: ["id", "title", "amount"])
    public static let contacts = KeySet(["enquiry", "complaint"])

    // MARK: fields, materials, outcomes, notifications

    /// `values` is required for, and allowed only with, `type: enum`.
    /// `minimum` and `maximum` apply to integer and number fields only.
    public static let field = KeySet(["id", "title", "type", "values", "value-titles", "required", "minimum", "maximum"], required: ["id", "type"])
    public static let material = KeySet(
        ["id", "title", "form", "copies", "source", "required", "when", "standard", "sample"],
        required: ["id", "title", "form"]
    )
    public static let outcome = KeySet(["id", "title", "kind", "notify"], required: ["id", "kind"])
    /// Exactly one of `template` and `message` as well.
    public static let notification = KeySet(["to", "template", "message"], required: ["to"])

    // MARK: steps

    /// The key that decides what kind of item a `steps:` entry is.
    public static let stepKinds = ["role", "parallel", "route", "wait", "call"]
    public static let task = KeySet(
        ["id", "title", "role", "limit", "warn-before", "checks", "produces", "four-eyes", "on-timeout", "decisions"],
        required: ["id", "role", "decisions"]
    )
    /// A decision written as a mapping (it may also be a bare target).
    public static let decision = KeySet(["next", "title", "request-supplement", "needs-materials", "pause", "expected", "resume", "extend", "notify"], required: ["next"])
    public static let parallel = KeySet(["id", "title", "parallel", "next"], required: ["id", "parallel", "next"])
    /// The value of a parallel block's `parallel:` key.
    public static let parallelBody = KeySet(["join", "branches"], required: ["join", "branches"])
    public static let branch = KeySet(["id", "title", "steps"], required: ["id", "steps"])
    public static let route = KeySet(["id", "title", "route"], required: ["id", "route"])
    /// `when` and `next` together, or `otherwise` alone.
    public static let routeEntry = KeySet(["when", "next", "otherwise"])
    public static let wait = KeySet(["id", "title", "wait", "next"], required: ["id", "wait", "next"])
    public static let call = KeySet(["id", "title", "call", "outcomes"], required: ["id", "call", "outcomes"])

    // MARK: words

    /// The `type:` names of a field.
    public static let fieldTypes = ["string", "integer", "number", "boolean", "date", "enum", "phone", "resident-id"]
    /// Words an expression reads as operators or literals, so no field can be called that.
    public static let expressionKeywords = ["and", "or", "not", "in", "true", "false"]
    /// The words `join:` takes besides a number.
    public static let joinWords = ["all", "any"]
    /// The reserved notification recipient besides a role id.
    public static let applicantRecipient = "applicant"
}
