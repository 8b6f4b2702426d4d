import Foundation

/// A JSON document as a Swift value tree: what `LanguageSchema` builds and
/// serializes. Only what a schema needs (no floating-point numbers, so the
/// output is the same on every platform).
public indirect enum JSONValue: Sendable, Hashable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int)
    case bool(Bool)

    /// The Foundation object tree `JSONSerialization` takes.
    public var foundationObject: Any {
        switch self {
        case .object(let members): return members.mapValues(\.foundationObject)
        case .array(let items): return items.map(\.foundationObject)
        case .string(let s): return s
        case .integer(let n): return n
        case .bool(let b): return b
        }
    }

    /// Pretty-printed with sorted keys, slashes and non-ASCII text unescaped,
    /// and a final newline: the same bytes for the same tree.
    public func serialized() -> String {
        let data = (try? JSONSerialization.data(withJSONObject: foundationObject, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The members of an object (empty for anything else).
    public var members: [String: JSONValue] {
        if case .object(let m) = self { return m }
        return [:]
    }

    /// This object with `extra` members added (replacing same-named ones).
    public func merging(_ extra: [String: JSONValue]) -> JSONValue {
        guard case .object(var m) = self else { return self }
        m.merge(extra) { _, new in new }
        return .object(m)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// A list of strings, e.g. the raw values of an enum.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
