import ShenpiCalendar
import ShenpiEngine
import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// Turns a scenario's YAML field values into engine `FieldValue`s, by the
/// flow's field types. Whether a value is *valid* (an enum value, a
/// resident-id checksum) is the engine's business: it refuses it with
/// `invalid-field`, which a scenario can expect.
enum FieldConversion {
    /// The value, or why it cannot be a value of `type` at all.
    static func value(_ node: ShenpiSyntax.Node, type: String?) -> Result<FieldValue, Reason> {
        guard case .scalar(let s) = node, !s.isNull else {
            if case .sequence(let items, _) = node {
                return .success(.list(items.compactMap { $0.scalar.map { FieldValue.string($0.value) } }))
            }
            return .failure(Reason("expected \(type.map(expected) ?? "a value"), found \(node.kindDescription)"))
        }
        let plain = s.style == .plain
        // A number or boolean in quotes is text to YAML: say so, not only that it is wrong.
        let unquote = plain ? "" : "; write it without quotes"
        switch type {
        case "integer":
            guard plain, let n = Int(s.value) else {
                if plain, NodeReader.isWholeNumber(s.value) {
                    return .failure(Reason("\(s.value) is out of range; write a whole number from \(Int.min) to \(Int.max)"))
                }
                return .failure(Reason("expected a whole number, found \"\(s.value)\"" + (NodeReader.isWholeNumber(s.value) ? unquote : "")))
            }
            return .success(.integer(n))
        case "number":
            guard plain, let x = Double(s.value), x.isFinite else {
                return .failure(Reason("expected a number, found \"\(s.value)\"" + (Double(s.value)?.isFinite == true ? unquote : "")))
            }
            return .success(.number(x))
        case "boolean":
            guard plain, s.value == "true" || s.value == "false" else {
                return .failure(Reason("expected true or false, found \"\(s.value)\"" + (s.value == "true" || s.value == "false" ? unquote : "")))
            }
            return .success(.boolean(s.value == "true"))
        case "date":
            guard s.value.count == 10, let d = CivilDate(iso: s.value) else {
                return .failure(Reason("expected a date like 2025-09-26, found \"\(s.value)\""))
            }
            return .success(.date(d))
        case nil:
            // A field the flow does not have: the engine refuses it (unknown-field); keep the value's look.
            if plain, s.value == "true" || s.value == "false" { return .success(.boolean(s.value == "true")) }
            if plain, let n = Int(s.value) { return .success(.integer(n)) }
            return .success(.string(s.value))
        default:
            return .success(.string(s.value))
        }
    }

    /// What a value of `type` is written as, for messages.
    static func expected(_ type: String) -> String {
        switch type {
        case "integer": return "a whole number"
        case "number": return "a number"
        case "boolean": return "true or false"
        case "date": return "a date like 2025-09-26"
        default: return type.hasPrefix("list") ? "a list" : "text"
        }
    }

    /// Every field of a `submit`, or the diagnostics of those that do not fit.
    static func fields(_ entries: [FieldEntry], machine: Machine, file: String) -> Result<[String: FieldValue], ScenarioProblems> {
        var out: [String: FieldValue] = [:]
        var problems: [Diagnostic] = []
        func problem(_ range: SourceRange, _ message: String) {
            problems.append(Diagnostic(file: file, range: range, severity: .error, rule: ScenarioRule.fieldValue, message: message))
        }
        let known = machine.fields.isEmpty ? "it has no fields" : "its fields are " + machine.fields.map(\.id).joined(separator: ", ")
        for (i, entry) in entries.enumerated() {
            let id = entry.key.value
            let spec = machine.fields.first { $0.id == id }
            let empty = entry.value.scalar?.isNull == true
            switch (spec, value(entry.value, type: spec?.type)) {
            case (_, .success(let v)):
                out[id] = v
            case (nil, .failure):
                // A value would go to the engine, which refuses the field (`unknown-field`); an empty one
                // is said at the key: it has no place of its own (libyaml puts it at what follows).
                let what = empty ? "\"\(id)\" has no value" : "\(entry.value.kindDescription) is no field value"
                let hint = empty ? commaHint(entry, after: i > 0 ? entries[i - 1] : nil) : ""
                problem(empty ? entry.key.range : entry.value.range, "the flow has no field \"\(id)\", and \(what); \(known)" + hint)
            case (let spec?, _) where empty:
                var write = spec.type == "enum" ? "one of " + (spec.values ?? []).joined(separator: ", ") : expected(spec.type)
                if !spec.required { write += ", or leave the field out" }
                problem(entry.key.range, "field \"\(id)\" has no value; write \(write)")
            case (let spec?, .failure(let why)):
                problem(entry.value.range, "field \"\(id)\" is of type \(spec.type): \(why.message)")
            }
        }
        return problems.isEmpty ? .success(out) : .failure(ScenarioProblems(problems))
    }

    /// `{ price: 1,5 }` is `price: 1` and a key `5` with no value: a comma
    /// ends an entry of `{ }`. Said when a key of digits follows a comma
    /// right after the previous entry's plain whole number.
    static func commaHint(_ entry: FieldEntry, after previous: FieldEntry?) -> String {
        guard let previous, case .scalar(let before) = previous.value, before.style == .plain, entry.key.style == .plain,
            NodeReader.isWholeNumber(before.value), NodeReader.isWholeNumber(entry.key.value), !entry.key.value.hasPrefix("-"),
            before.range.end.line == entry.key.range.start.line, before.range.end.column + 1 == entry.key.range.start.column
        else { return "" }
        let written = before.value + "," + entry.key.value
        return " (a comma ends an entry of { }, so \(written) is \(before.value) for \"\(previous.key.value)\" and then a key \"\(entry.key.value)\":"
            + " write \(before.value).\(entry.key.value) for a number, or \"\(written)\" in quotes for text)"
    }
}
