import ShenpiCalendar
import ShenpiEngine
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
            return .failure(Reason("expected a value, found \(node.kindDescription)"))
        }
        let plain = s.style == .plain
        switch type {
        case "integer":
            guard plain, let n = Int(s.value) else { return .failure(Reason("expected a whole number, found \"\(s.value)\"")) }
            return .success(.integer(n))
        case "number":
            guard plain, let x = Double(s.value), x.isFinite else { return .failure(Reason("expected a number, found \"\(s.value)\"")) }
            return .success(.number(x))
        case "boolean":
            guard plain, s.value == "true" || s.value == "false" else { return .failure(Reason("expected true or false, found \"\(s.value)\"")) }
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

    /// Every field of a `submit`, or the diagnostics of those that do not fit.
    static func fields(_ entries: [FieldEntry], machine: Machine, file: String) -> Result<[String: FieldValue], ScenarioProblems> {
        var out: [String: FieldValue] = [:]
        var problems: [Diagnostic] = []
        for entry in entries {
            let spec = machine.fields.first { $0.id == entry.key.value }
            switch value(entry.value, type: spec?.type) {
            case .success(let v): out[entry.key.value] = v
            case .failure(let why):
                problems.append(Diagnostic(file: file, range: entry.value.range, severity: .error, rule: ScenarioRule.fieldValue,
                                           message: "field \"\(entry.key.value)\" is of type \(spec?.type ?? "?"): \(why.message)"))
            }
        }
        return problems.isEmpty ? .success(out) : .failure(ScenarioProblems(problems))
    }
}
