/// The JSON Schema (draft 2020-12) of the language, for editor completion
/// through the YAML language server. It is generated, never written by hand:
/// the keys and required keys of every mapping come from `LanguageKeys` (the
/// lists the decoder reads with), the fixed words from the model enums'
/// `allCases`, ids and durations from the lexical patterns; only the
/// descriptions (`SchemaTexts`) and the cross-key conditions are written here.
/// `shenpi schema` prints it; docs/shenpi.schema.json is a checked-in copy.
public enum LanguageSchema {
    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// The schema, and what could not be generated consistently (a key without
    /// a description or a schema, a description for a key that does not exist).
    /// The tests require `problems` to be empty.
    public static func build() -> (schema: JSONValue, problems: [String]) {
        var b = SchemaBuilder()
        b.buildAll()
        let top: JSONValue = [
            "$schema": .string(draft),
            "title": "Shenpi workflow language v1 (审批流程定义语言)",
            "description": .string(
                SchemaText(
                    "Shenpi 审批流程文件（有 workflow 键）或登记表 registry.yaml（有 registry 键）。规范见 docs/language.md；shenpi lint 检查本模式表达不了的一切（引用、可达性、时限）。",
                    "A Shenpi flow file (has the key workflow) or the catalog's registry.yaml (has the key registry). Normative reference: docs/language.md; shenpi lint checks everything a schema cannot (references, reachability, limits)."
                ).rendered),
            "anyOf": [SchemaBuilder.ref("workflow"), SchemaBuilder.ref("registry")],
            "$defs": .object(b.defs),
        ]
        return (top, b.problems)
    }

    /// The schema as JSON text: pretty-printed, keys sorted, ending in a newline.
    public static func serialized() -> String {
        build().schema.serialized()
    }
}

/// Assembles the `$defs`, checking every key against its description table.
struct SchemaBuilder {
    var defs: [String: JSONValue] = [:]
    var problems: [String] = []
    private var objects: Set<String> = []

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/" + name)] }

    /// A list of `item`s; `nullable` when the decoder reads an empty value as an empty list.
    static func list(_ item: JSONValue, minItems: Int? = nil, nullable: Bool = false) -> JSONValue {
        var m: [String: JSONValue] = ["type": nullable ? ["array", "null"] : "array", "items": item]
        if let minItems { m["minItems"] = .integer(minItems) }
        return .object(m)
    }

    /// A mapping whose keys are ids (templates, decisions, a call's outcomes).
    static func idMap(_ value: JSONValue, minProperties: Int? = nil) -> JSONValue {
        var m: [String: JSONValue] = [
            "type": "object",
            "patternProperties": .object([Identifier.pattern: value]),
            "additionalProperties": false,
        ]
        if let minProperties { m["minProperties"] = .integer(minProperties) }
        return .object(m)
    }

    /// One of a fixed set of words, each with its meaning for completion lists.
    static func words(_ values: [String], _ texts: [SchemaText]) -> JSONValue {
        ["type": "string", "enum": .strings(values), "enumDescriptions": .strings(texts.map(\.short))]
    }

    static func words<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ text: (T) -> SchemaText) -> JSONValue where T.RawValue == String {
        words(T.allCases.map(\.rawValue), T.allCases.map(text))
    }

    static func integer(minimum: Int) -> JSONValue { ["type": "integer", "minimum": .integer(minimum)] }
    /// A key the decoder reads with `NodeReader.integer`: its bounds, so that
    /// an editor refuses what lint refuses (`version: 1000001`).
    static func wholeNumber(minimum: Int) -> JSONValue {
        ["type": "integer", "minimum": .integer(minimum), "maximum": .integer(NodeReader.maximumWholeNumber)]
    }
    static let boolean: JSONValue = ["type": "boolean"]
    /// A scalar the decoder reads as text: YAML 1.2 would make `12345` a number
    /// and `true` a boolean, Shenpi keeps every scalar's text.
    static let scalar: JSONValue = ["type": ["string", "number", "boolean"]]

    /// The text of one of a list of words, or a problem when it has none.
    mutating func describe(_ word: String, in texts: [String: SchemaText], what: String) -> SchemaText {
        if let text = texts[word] { return text }
        problems.append("\(what) \(word) has no description")
        return SchemaText(word, word)
    }

    mutating func define(_ name: String, _ schema: JSONValue) {
        if defs[name] != nil { problems.append("$defs/\(name) is defined twice") }
        if let text = SchemaTexts.constructs[name] {
            defs[name] = schema.merging(["description": .string(text.rendered)])
        } else {
            problems.append("$defs/\(name) has no description")
            defs[name] = schema
        }
    }

    /// A mapping of the language: exactly the keys of `keys`, each with its
    /// schema from `properties` and its description from `SchemaTexts.keys[name]`.
    mutating func object(_ name: String, _ keys: KeySet, _ properties: [String: JSONValue], extra: [String: JSONValue] = [:]) {
        objects.insert(name)
        let texts = SchemaTexts.keys[name] ?? [:]
        var described: [String: JSONValue] = [:]
        for key in keys.keys {
            guard let schema = properties[key] else {
                problems.append("\(name).\(key) has no schema")
                continue
            }
            guard let text = texts[key] else {
                problems.append("\(name).\(key) has no description")
                described[key] = schema
                continue
            }
            described[key] = schema.merging(["description": .string(text.rendered)])
        }
        for key in properties.keys.sorted() where !keys.keys.contains(key) {
            problems.append("\(name).\(key) has a schema but the decoder has no such key")
        }
        for key in texts.keys.sorted() where !keys.keys.contains(key) {
            problems.append("\(name).\(key) has a description but the decoder has no such key")
        }
        var members: [String: JSONValue] = [
            "type": "object",
            "properties": .object(described),
            "additionalProperties": false,
        ]
        if !keys.required.isEmpty { members["required"] = .strings(keys.required) }
        members.merge(extra) { _, new in new }
        define(name, .object(members))
    }

    mutating func buildAll() {
        let ref = Self.ref
        let id = ref("id"), text = ref("text"), target = ref("target"), duration = ref("duration")

        // Lexical building blocks.
        define("id", ["type": "string", "pattern": .string(Identifier.pattern)])
        define("target", ["$ref": "#/$defs/id", "examples": [.string(branchDoneTarget)]])
        // Steps, outcomes and branches share the namespace of targets, where `done` is taken.
        define("stepId", ["$ref": "#/$defs/id", "not": ["const": .string(branchDoneTarget)]])
        let stepID = ref("stepId")
        define("duration", ["type": "string", "pattern": .string(DurationSyntax.pattern), "examples": .strings(DurationSyntax.examples)])
        define("dayDuration", ["type": "string", "pattern": .string(DurationSyntax.pattern(units: [.workdays, .days])),
                               "examples": .strings(["3 workdays", "5 days"])])
        // Not blank: a quoted "" or "  " is refused (pattern only applies to strings).
        define("text", ["type": ["string", "number", "boolean"], "pattern": "\\S"])
        define("textList", ["anyOf": [text, Self.list(text)]])
        define("expression", Self.scalar)

        // registry.yaml
        object("registry", LanguageKeys.registry, [
            "registry": id, "title": text,
            "departments": Self.list(ref("department"), nullable: true),
            "roles": Self.list(ref("role"), nullable: true),
            "supervision": ref("supervision"),
        ])
        object("supervision", LanguageKeys.supervision, ["untouched-after": ref("dayDuration"), "follow-up-within": ref("dayDuration")])
        object("department", LanguageKeys.department, ["id": id, "title": text])
        object("role", LanguageKeys.role, ["id": id, "title": text, "department": id])

        // Flow header.
        let promisedNeedsPromise: JSONValue = [
            "if": ["properties": ["kind": ["const": .string(ItemKind.promised.rawValue)]], "required": ["kind"]],
            "then": ["properties": ["limits": ["required": ["promised"]]]],
        ]
        object("workflow", LanguageKeys.workflow, [
            "workflow": id,
            "version": Self.wholeNumber(minimum: 1),
            "title": text,
            "department": id,
            "kind": Self.words(ItemKind.self, SchemaTexts.text),
            "calendar": id,
            "limits": ref("limits"),
            "guide": ref("guide"),
            "fields": Self.list(ref("field"), nullable: true),
            "materials": Self.list(ref("material"), nullable: true),
            "templates": Self.idMap(text),
            "decision-titles": Self.idMap(text),
            "steps": Self.list(ref("step"), minItems: 1),
            "outcomes": Self.list(ref("outcome"), minItems: 1),
            "negative-rating-to": Self.list(id, nullable: true),
            "fees": Self.list(ref("feeRule"), nullable: true),
        ], extra: promisedNeedsPromise.members)
        object("limits", LanguageKeys.limits, [
            "legal": ["anyOf": [["const": "none"], duration]], "promised": duration, "warn-before": duration,
            "extension": ["anyOf": [["const": "none"], ref("extension")]],
        ], extra: [
            // `legal: none` leaves the promise as the only limit a case can run on.
            "if": ["properties": ["legal": ["const": "none"]], "required": ["legal"]],
            "then": ["required": ["promised"]],
        ])
        object("extension", LanguageKeys.extensionCeiling, ["max": duration, "by": id, "times": Self.wholeNumber(minimum: 1)])

        // Service guide.
        object("guide", LanguageKeys.guide, [
            "item-type": text,
            "codes": ref("codes"),
            "body": text,
            "legal-basis": ref("textList"),
            "conditions": ref("textList"),
            "visits": Self.wholeNumber(minimum: 0),
            "place": text,
            "hours": text,
            "fee": ["anyOf": [text, ref("fee")]],
            "result": ref("result"),
            "delivery": Self.list(Self.words(Guide.Delivery.self, SchemaTexts.text), nullable: true).merging(["uniqueItems": true]),
            "contacts": ref("contacts"),
        ])
        object("codes", LanguageKeys.codes, ["basic": text, "implementation": text])
        object("fee", LanguageKeys.fee, ["amount": ["type": "number", "minimum": 0], "unit": text, "basis": text])
        object("feeRule", LanguageKeys.feeRule, [
            "id": id, "title": text, "amount": ["anyOf": [["type": "number", "minimum": 0], ref("expression")]], "basis": text,
        ])
        object("result", LanguageKeys.result, ["title": text, "type": text])
        object("contacts", LanguageKeys.contacts, ["enquiry": text, "complaint": text])

        // Fields, materials, outcomes, notifications.
        let fieldTypeTexts = LanguageKeys.fieldTypes.map { describe($0, in: SchemaTexts.fieldTypes, what: "field type") }
        let enumType = "enum"
        if !LanguageKeys.fieldTypes.contains(enumType) { problems.append("field types have no \(enumType)") }
        object("field", LanguageKeys.field, [
            "id": ["$ref": "#/$defs/id", "not": ["enum": .strings(LanguageKeys.expressionKeywords)]],
            "title": text,
            "type": Self.words(LanguageKeys.fieldTypes, fieldTypeTexts),
            "values": Self.list(id, minItems: 1).merging(["uniqueItems": true]),
            "value-titles": ["type": "object", "additionalProperties": text],
            "required": Self.boolean,
            "minimum": ["type": "number"],
            "maximum": ["type": "number"],
        ], extra: [
            "if": ["properties": ["type": ["const": .string(enumType)]], "required": ["type"]],
            "then": ["required": ["values"]],
            "else": ["not": ["anyOf": [["required": ["values"]], ["required": ["value-titles"]]]]],
        ])
        let form = Self.words(Material.Form.self, SchemaTexts.text)
        object("material", LanguageKeys.material, [
            "id": id,
            "title": text,
            "form": ["anyOf": [form, Self.list(form, minItems: 1)]],
            "copies": Self.wholeNumber(minimum: 1),
            "source": Self.words(Material.Source.self, SchemaTexts.text),
            "required": Self.words(Material.Requirement.self, SchemaTexts.text),
            "when": ref("expression"),
            "standard": text,
            "sample": text,
        ])
        object("outcome", LanguageKeys.outcome, [
            "id": stepID, "title": text,
            "kind": Self.words(Outcome.Kind.self, SchemaTexts.text),
            "notify": ref("notify"),
        ])
        object("notification", LanguageKeys.notification, [
            "to": ["$ref": "#/$defs/id", "examples": [.string(LanguageKeys.applicantRecipient)]],
            "template": id,
            "message": text,
        ], extra: ["oneOf": [["required": ["template"]], ["required": ["message"]]]])
        define("notify", ["anyOf": [ref("notification"), Self.list(ref("notification"))]])

        // Steps.
        object("task", LanguageKeys.task, [
            "id": stepID, "title": text, "role": id,
            "limit": duration, "warn-before": duration,
            "checks": Self.list(id, nullable: true),
            "produces": Self.list(id, nullable: true),
            "four-eyes": Self.boolean,
            "on-timeout": id,
            "decisions": Self.idMap(ref("decision"), minProperties: 1),
        ], extra: ["dependentRequired": ["warn-before": ["limit"], "on-timeout": ["limit"]]])
        define("decision", ["anyOf": [target, ref("decisionBody")]])
        object("decisionBody", LanguageKeys.decision, [
            "next": target,
            "title": text,
            "request-supplement": Self.boolean,
            "needs-materials": Self.boolean,
            "pause": Self.words(PauseKind.self, SchemaTexts.text),
            "expected": duration,
            "resume": Self.boolean,
            "extend": duration,
            "notify": ref("notify"),
        ], extra: [
            "if": ["properties": ["resume": ["const": true]], "required": ["resume"]],
            "then": ["not": ["required": ["pause"]]],
            "dependentRequired": ["expected": ["pause"]],
        ])
        object("parallel", LanguageKeys.parallel, ["id": stepID, "title": text, "parallel": ref("parallelBody"), "next": target])
        let joinTexts = LanguageKeys.joinWords.map { describe($0, in: SchemaTexts.joinWords, what: "join word") }
        object("parallelBody", LanguageKeys.parallelBody, [
            "join": ["anyOf": [Self.words(LanguageKeys.joinWords, joinTexts), Self.integer(minimum: 1)]],
            "branches": Self.list(ref("branch"), minItems: 1),
        ])
        object("branch", LanguageKeys.branch, ["id": stepID, "title": text, "steps": Self.list(ref("branchStep"), minItems: 1)])
        object("route", LanguageKeys.route, ["id": stepID, "title": text, "route": Self.list(ref("routeEntry"), minItems: 1)])
        object("routeEntry", LanguageKeys.routeEntry, ["when": ref("expression"), "next": target, "otherwise": target], extra: [
            "oneOf": [
                ["required": ["when", "next"], "not": ["required": ["otherwise"]]],
                ["required": ["otherwise"], "maxProperties": 1],
            ]
        ])
        object("wait", LanguageKeys.wait, ["id": stepID, "title": text, "wait": duration, "next": target])
        object("call", LanguageKeys.call, ["id": stepID, "title": text, "call": id, "outcomes": Self.idMap(target)])

        // A step is one of five kinds, told apart by the kind key each requires.
        let kinds: [(key: String, construct: String, keys: KeySet)] = [
            ("role", "task", LanguageKeys.task),
            ("parallel", "parallel", LanguageKeys.parallel),
            ("route", "route", LanguageKeys.route),
            ("wait", "wait", LanguageKeys.wait),
            ("call", "call", LanguageKeys.call),
        ]
        if kinds.map(\.key) != LanguageKeys.stepKinds { problems.append("the step kinds are \(LanguageKeys.stepKinds), the schema knows \(kinds.map(\.key))") }
        for kind in kinds {
            if !kind.keys.required.contains(kind.key) { problems.append("\(kind.construct) does not require its kind key \(kind.key)") }
            for other in kinds where other.key != kind.key && kind.keys.keys.contains(other.key) {
                problems.append("\(kind.construct) allows the kind key \(other.key) of \(other.construct)")
            }
        }
        define("step", ["oneOf": .array(kinds.map { ref($0.construct) })])
        define("branchStep", ["oneOf": .array(kinds.filter { $0.construct != "parallel" }.map { ref($0.construct) })])

        for name in SchemaTexts.keys.keys.sorted() where !objects.contains(name) {
            problems.append("descriptions for the keys of \(name), which is not a mapping of the language")
        }
        for name in SchemaTexts.constructs.keys.sorted() where defs[name] == nil {
            problems.append("a description for $defs/\(name), which is not defined")
        }
    }
}
