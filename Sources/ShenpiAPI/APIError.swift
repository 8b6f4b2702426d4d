import Foundation

/// A refusal with its HTTP status, rendered as
/// `{"error": {"code": …, "message": …, "field": …}}`.
public struct APIError: Error, Sendable, Hashable {
    public var status: Int
    /// Stable, machine-readable (`bad-body`, `version-conflict` …); see docs/api.md.
    public var code: String
    public var message: String
    /// The JSON path of the offending field of a bad body.
    public var field: String?
    /// Extra facts for clients (the current case version, the missing materials …).
    public var details: [String: JSONValue]
    /// Extra response headers (`Allow` on a 405).
    public var headers: [String: String] = [:]

    public init(_ status: Int, _ code: String, _ message: String, field: String? = nil, details: [String: JSONValue] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
    }

    var response: APIResponse {
        var body: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let field { body["field"] = .string(field) }
        for (k, v) in details { body[k] = v }
        var headers = self.headers
        if status == 401 { headers["www-authenticate"] = "Bearer" }
        return .json(status, ["error": JSONValue.object(body)], headers: headers)
    }

    static func badBody(_ message: String, field: String? = nil) -> APIError { APIError(400, "bad-body", message, field: field) }
    static func notFound(_ message: String) -> APIError { APIError(404, "not-found", message) }
    static func forbidden(_ message: String) -> APIError { APIError(403, "forbidden", message) }
}

/// A JSON value: for bodies we read generically and error details.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .double(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        self = .object(try c.decode([String: JSONValue].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
