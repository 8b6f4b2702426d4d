import Foundation
import ShenpiSyntax

/// A JSON value: a schema, or a document to validate.
public indirect enum JSON: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }

    public init(parsing text: String) throws {
        self = try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    /// A YAML tree as the YAML language server sees it (YAML 1.2 core schema):
    /// a quoted, block or `!!str`-tagged scalar is a string; a plain one is
    /// null, a boolean, an integer or a float when it is written like one.
    public init(yaml node: Node) {
        switch node {
        case .mapping(let entries, _):
            self = .object(Dictionary(entries.map { ($0.key.value, JSON(yaml: $0.value)) }, uniquingKeysWith: { _, last in last }))
        case .sequence(let items, _):
            self = .array(items.map(JSON.init(yaml:)))
        case .scalar(let s):
            self = JSON.resolve(s)
        }
    }

    private static func resolve(_ s: Scalar) -> JSON {
        if s.tag == "!!str" || s.style != .plain { return .string(s.value) }
        let v = s.value
        if s.isNull { return .null }
        switch v {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        if matches(v, "^[-+]?[0-9]+$"), let n = Double(v) { return .number(n) }
        if matches(v, "^0o[0-7]+$"), let n = Int(v.dropFirst(2), radix: 8) { return .number(Double(n)) }
        if matches(v, "^0x[0-9a-fA-F]+$"), let n = Int(v.dropFirst(2), radix: 16) { return .number(Double(n)) }
        if matches(v, "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"), let n = Double(v) { return .number(n) }
        return .string(v)
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return false }
        return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.rounded() == n && n.isFinite ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Equality as JSON Schema means it (`1` equals `1.0`; keys unordered).
    func equals(_ other: JSON) -> Bool { self == other }
}

/// One reason a document does not match a schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer of the offending value in the document (`""` for the root).
    public var path: String
    public var message: String

    public var description: String { (path.isEmpty ? "/" : path) + ": " + message }
}

/// A JSON Schema (draft 2020-12) validator for exactly the keywords Shenpi's
/// schemas (the language's, the OpenAPI file's) use: `type`, `enum`, `const`,
/// `pattern`, `minLength`, `maxLength`, `minimum`, `maximum`, `items`,
/// `minItems`, `maxItems`, `uniqueItems`, `properties`, `patternProperties`,
/// `additionalProperties`, `required`, `minProperties`, `maxProperties`,
/// `dependentRequired`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`
/// and `$ref` within the document. Annotations are ignored; any other keyword
/// is itself a violation, so the schema cannot quietly outgrow the validator.
public struct SchemaValidator: Sendable {
    public let schema: JSON

    /// `format` asserts nothing by default in 2020-12; `discriminator` is
    /// OpenAPI's hint for code generators (the schemas of docs/api/openapi.yaml).
    public static let annotations: Set<String> = [
        "$schema", "$defs", "title", "description", "examples", "enumDescriptions", "default", "$comment",
        "format", "discriminator",
    ]
    public static let assertions: Set<String> = [
        "$ref", "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "items", "minItems",
        "maxItems", "uniqueItems",
        "properties", "patternProperties", "additionalProperties", "required", "minProperties", "maxProperties",
        "dependentRequired", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    ]

    public init(schema: JSON) {
        self.schema = schema
    }

    public init(schemaText: String) throws {
        self.schema = try JSON(parsing: schemaText)
    }

    /// Every violation; empty when `instance` is valid.
    public func validate(_ instance: JSON) -> [SchemaViolation] {
        var out: [SchemaViolation] = []
        check(instance, against: schema, path: "", into: &out, depth: 0)
        return out
    }

    public func isValid(_ instance: JSON) -> Bool { validate(instance).isEmpty }

    /// Every violation of the schema at `pointer` in the document
    /// (`#/components/schemas/Case`): the document itself need not be a schema.
    public func validate(_ instance: JSON, at pointer: String) -> [SchemaViolation] {
        guard let target = resolve(pointer) else { return [SchemaViolation(path: "", message: "unresolvable $ref \(pointer)")] }
        var out: [SchemaViolation] = []
        check(instance, against: target, path: "", into: &out, depth: 0)
        return out
    }

    /// Keywords anywhere in the schema that are neither assertions nor annotations this validator knows.
    public func unsupportedKeywords() -> Set<String> {
        var found: Set<String> = []
        func walk(_ s: JSON) {
            guard case .object(let m) = s else { return }
            for (k, v) in m {
                if !Self.annotations.contains(k) && !Self.assertions.contains(k) { found.insert(k) }
                switch k {
                case "$defs", "properties", "patternProperties":
                    if case .object(let sub) = v { sub.values.forEach(walk) }
                case "allOf", "anyOf", "oneOf":
                    if case .array(let list) = v { list.forEach(walk) }
                case "items", "additionalProperties", "not", "if", "then", "else":
                    walk(v)
                default: break
                }
            }
        }
        walk(schema)
        return found
    }

    private func resolve(_ ref: String) -> JSON? {
        guard ref.hasPrefix("#") else { return nil }
        var node = schema
        for raw in ref.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let m) = node, let next = m[key] else { return nil }
            node = next
        }
        return node
    }

    private func check(_ value: JSON, against schema: JSON, path: String, into out: inout [SchemaViolation], depth: Int) {
        func fail(_ message: String, at p: String = path) { out.append(SchemaViolation(path: p, message: message)) }
        guard depth < 200 else { return fail("schema recursion too deep") }
        switch schema {
        case .bool(true): return
        case .bool(false): return fail("no value is allowed here")
        case .object: break
        default: return fail("malformed schema \(schema)")
        }
        guard case .object(let s) = schema else { return }

        for keyword in s.keys.sorted() where !Self.annotations.contains(keyword) && !Self.assertions.contains(keyword) {
            fail("unsupported schema keyword \"\(keyword)\"")
        }
        if case .string(let ref)? = s["$ref"] {
            if let target = resolve(ref) {
                check(value, against: target, path: path, into: &out, depth: depth + 1)
            } else {
                fail("unresolvable $ref \(ref)")
            }
        }
        if let type = s["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { return t } else { return nil } }
            default: allowed = []
            }
            let actual = value.typeName
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !ok { fail("expected \(allowed.joined(separator: " or ")), found \(actual)") }
        }
        if case .array(let options)? = s["enum"], !options.contains(where: { $0.equals(value) }) {
            fail("\(value.brief) is not one of \(options.map(\.brief).joined(separator: ", "))")
        }
        if let c = s["const"], !c.equals(value) {
            fail("expected \(c.brief), found \(value.brief)")
        }
        if case .string(let text) = value {
            // Code points, as JSON Schema counts.
            let length = Double(text.unicodeScalars.count)
            if case .number(let min)? = s["minLength"], length < min { fail("expected at least \(Int(min)) characters, found \(Int(length))") }
            if case .number(let max)? = s["maxLength"], length > max { fail("expected at most \(Int(max)) characters, found \(Int(length))") }
        }
        if case .string(let text) = value, case .string(let pattern)? = s["pattern"] {
            if (try? NSRegularExpression(pattern: pattern)) == nil {
                fail("bad pattern \(pattern)")
            } else if !JSON.matches(text, pattern) {
                fail("\"\(text)\" does not match \(pattern)")
            }
        }
        if case .number(let n) = value {
            if case .number(let min)? = s["minimum"], n < min { fail("\(value.brief) is below the minimum \(min)") }
            if case .number(let max)? = s["maximum"], n > max { fail("\(value.brief) is above the maximum \(max)") }
        }
        if case .array(let items) = value {
            if case .number(let min)? = s["minItems"], Double(items.count) < min { fail("expected at least \(Int(min)) items, found \(items.count)") }
            if case .number(let max)? = s["maxItems"], Double(items.count) > max { fail("expected at most \(Int(max)) items, found \(items.count)") }
            if case .bool(true)? = s["uniqueItems"] {
                for (i, item) in items.enumerated() where items[..<i].contains(where: { $0.equals(item) }) {
                    fail("\(item.brief) is listed twice", at: path + "/\(i)")
                }
            }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() {
                    check(item, against: itemSchema, path: path + "/\(i)", into: &out, depth: depth + 1)
                }
            }
        }
        if case .object(let members) = value {
            checkObject(members, s, path: path, into: &out, depth: depth)
        }
        if case .array(let all)? = s["allOf"] {
            for sub in all { check(value, against: sub, path: path, into: &out, depth: depth + 1) }
        }
        if case .array(let any)? = s["anyOf"] {
            let results = any.map { sub -> [SchemaViolation] in
                var r: [SchemaViolation] = []
                check(value, against: sub, path: path, into: &r, depth: depth + 1)
                return r
            }
            if !results.contains(where: \.isEmpty) {
                fail("matches none of the \(any.count) alternatives (anyOf)")
                out += results.min { $0.count < $1.count } ?? []
            }
        }
        if case .array(let one)? = s["oneOf"] {
            let results = one.map { sub -> [SchemaViolation] in
                var r: [SchemaViolation] = []
                check(value, against: sub, path: path, into: &r, depth: depth + 1)
                return r
            }
            let passing = results.filter(\.isEmpty).count
            if passing == 0 {
                fail("matches none of the \(one.count) alternatives (oneOf)")
                out += results.min { $0.count < $1.count } ?? []
            } else if passing > 1 {
                fail("matches \(passing) of the alternatives, but oneOf allows exactly one")
            }
        }
        if let not = s["not"] {
            var r: [SchemaViolation] = []
            check(value, against: not, path: path, into: &r, depth: depth + 1)
            if r.isEmpty { fail("matches a schema it must not match (not)") }
        }
        if let condition = s["if"] {
            var r: [SchemaViolation] = []
            check(value, against: condition, path: path, into: &r, depth: depth + 1)
            if r.isEmpty, let then = s["then"] {
                check(value, against: then, path: path, into: &out, depth: depth + 1)
            } else if !r.isEmpty, let otherwise = s["else"] {
                check(value, against: otherwise, path: path, into: &out, depth: depth + 1)
            }
        }
    }

    private func checkObject(_ members: [String: JSON], _ s: [String: JSON], path: String, into out: inout [SchemaViolation], depth: Int) {
        func fail(_ message: String, at p: String = path) { out.append(SchemaViolation(path: p, message: message)) }
        if case .array(let required)? = s["required"] {
            for case .string(let key) in required where members[key] == nil { fail("missing required key \"\(key)\"") }
        }
        if case .number(let min)? = s["minProperties"], Double(members.count) < min { fail("expected at least \(Int(min)) keys, found \(members.count)") }
        if case .number(let max)? = s["maxProperties"], Double(members.count) > max { fail("expected at most \(Int(max)) keys, found \(members.count)") }
        if case .object(let dependent)? = s["dependentRequired"] {
            for (key, needs) in dependent where members[key] != nil {
                guard case .array(let list) = needs else { continue }
                for case .string(let other) in list where members[other] == nil { fail("\"\(key)\" needs \"\(other)\"") }
            }
        }
        var properties: [String: JSON] = [:]
        if case .object(let p)? = s["properties"] { properties = p }
        var patterns: [String: JSON] = [:]
        if case .object(let p)? = s["patternProperties"] { patterns = p }
        for key in members.keys.sorted() {
            let value = members[key]!
            let child = path + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            var matched = false
            if let sub = properties[key] {
                matched = true
                check(value, against: sub, path: child, into: &out, depth: depth + 1)
            }
            for (pattern, sub) in patterns.sorted(by: { $0.key < $1.key }) where JSON.matches(key, pattern) {
                matched = true
                check(value, against: sub, path: child, into: &out, depth: depth + 1)
            }
            if !matched, let additional = s["additionalProperties"] {
                if case .bool(false) = additional {
                    fail("key \"\(key)\" is not allowed", at: child)
                } else {
                    check(value, against: additional, path: child, into: &out, depth: depth + 1)
                }
            }
        }
    }
}

extension JSON {
    /// A short rendering for messages.
    var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let n): return n.rounded() == n && n.isFinite && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[\(a.count) items]"
        case .object(let o): return "{\(o.count) keys}"
        }
    }
}
