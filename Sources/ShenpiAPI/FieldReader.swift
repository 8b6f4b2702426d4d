import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// Reads the `fields` object of a submission by the flow's field types.
/// A value of the wrong JSON type is a bad body (400, with the field);
/// whether a well-typed value is valid (an enum value, a resident-id
/// checksum) is the engine's business (422 `invalid-field`).
enum FieldReader {
    /// The documented limit of "other strings": a field value is no essay.
    static let maxString = 2000

    static func read(_ body: inout JSONBody, machine: Machine) throws(APIError) -> [String: FieldValue] {
        var out: [String: FieldValue] = [:]
        let specs = Dictionary(machine.fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for key in body.values.keys.sorted() {
            guard let spec = specs[key] else {
                throw .badBody("unknown field; the flow has " + machine.fields.map(\.id).joined(separator: ", "), field: body.field(key))
            }
            guard let value = body.value(key) else { continue }
            out[key] = try convert(value, type: spec.type, field: body.field(key))
        }
        return out
    }

    static func convert(_ value: JSONValue, type: String, field: String) throws(APIError) -> FieldValue {
        switch (type, value) {
        case ("integer", .int(let n)): return .integer(n)
        case ("number", .int(let n)): return .number(Double(n))
        case ("number", .double(let x)) where x.isFinite: return .number(x)
        case ("boolean", .bool(let b)): return .boolean(b)
        case ("date", .string(let s)):
            guard s.count == 10, let d = CivilDate(iso: s) else { throw .badBody("expected a date like 2025-09-26, found \"\(s)\"", field: field) }
            return .date(d)
        case (_, .array(let items)) where type.hasPrefix("list"):
            var list: [FieldValue] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else { throw .badBody("expected a string, found \(item.kindName)", field: "\(field)[\(i)]") }
                try JSONBody.checkLength(s, maxString, field: "\(field)[\(i)]")
                list.append(.string(s))
            }
            return .list(list)
        case ("string", .string(let s)), ("enum", .string(let s)), ("phone", .string(let s)), ("resident-id", .string(let s)):
            try JSONBody.checkLength(s, maxString, field: field)
            return .string(s)
        default:
            throw .badBody("expected \(type), found \(value.kindName)", field: field)
        }
    }
}
