import ShenpiLanguage
import ShenpiSyntax

/// `call-fields`: a call step opens a case of the called flow with this
/// flow's field values of the same ids (runtime.md, "sub-cases"). A field
/// the called flow requires and this flow does not have, or has with
/// another type (or with enumeration values the called flow does not
/// accept), would make that sub-case's submission refused — and with it
/// the decision that enters the call step. So would a value outside the
/// bounds the called flow sets on a field this flow has with wider ones.
public struct CallFieldsRule: Rule {
    public let id = "call-fields"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        let own = Dictionary(c.flow.fields.map { ($0.id.value, $0.type?.value) }, uniquingKeysWith: { a, _ in a })
        let ownBounds = Dictionary(c.flow.fields.map { ($0.id.value, FieldBounds(minimum: $0.minimum?.value, maximum: $0.maximum?.value)) },
                                   uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            guard case .call(let call) = entry.step.kind, let called = c.catalog.flows[call.flow.value]?.first,
                call.flow.value != c.flow.id?.value
            else { continue }
            let missing = called.requiredFields.sorted().filter { own[$0] == nil }
            if !missing.isEmpty {
                let names = missing.map { f in "\"\(f)\"" + ((called.fields[f] ?? nil).map { " (\($0))" } ?? "") }.joined(separator: ", ")
                out.append(c.diagnostic(id, .error, "\"\(call.flow.value)\" requires field\(missing.count == 1 ? "" : "s") \(names), which this flow does not have; the sub-case of step \"\(entry.step.id.value)\" could not be opened",
                    at: call.flow.range, notes: [DiagnosticNote("add \(missing.count == 1 ? "it" : "them") with the same ids and types, so the call can hand \(missing.count == 1 ? "it" : "them") on")]))
            }
            for field in called.requiredFields.sorted() {
                guard let mine = own[field] ?? nil, let theirs = called.fields[field] ?? nil,
                    let problem = Self.mismatch(mine, theirs, field: field, flow: call.flow.value)
                else { continue }
                out.append(c.diagnostic(id, .error, problem + "; the sub-case of step \"\(entry.step.id.value)\" would refuse it", at: call.flow.range))
            }
            // Every field of the same id is handed on: a bound the called flow sets must hold here too.
            for (field, theirs) in called.bounds.sorted(by: { $0.key < $1.key }) {
                guard own[field] != nil, let problem = Self.wider(ownBounds[field], theirs, field: field, flow: call.flow.value) else { continue }
                out.append(c.diagnostic(id, .error, problem + "; the sub-case of step \"\(entry.step.id.value)\" would refuse such a value",
                    at: call.flow.range, notes: [DiagnosticNote("give \"\(field)\" here the same bounds or narrower ones")]))
            }
        }
        return out
    }

    /// How this flow's bounds let through a value the called flow's refuse, or nil.
    static func wider(_ mine: FieldBounds?, _ theirs: FieldBounds, field: String, flow: String) -> String? {
        if let lo = theirs.minimum, (mine?.minimum).map({ $0 < lo }) ?? true {
            return "field \"\(field)\" may be below \(Value.text(lo)) here" + ((mine?.minimum).map { " (minimum \(Value.text($0)))" } ?? " (no minimum)")
                + ", which \"\(flow)\" refuses (minimum \(Value.text(lo)))"
        }
        if let hi = theirs.maximum, (mine?.maximum).map({ $0 > hi }) ?? true {
            return "field \"\(field)\" may be above \(Value.text(hi)) here" + ((mine?.maximum).map { " (maximum \(Value.text($0)))" } ?? " (no maximum)")
                + ", which \"\(flow)\" refuses (maximum \(Value.text(hi)))"
        }
        return nil
    }

    /// How a value of `mine` can fail a field of type `theirs`, or nil.
    static func mismatch(_ mine: ValueType, _ theirs: ValueType, field: String, flow: String) -> String? {
        switch (mine, theirs) {
        // What the submission accepts (FieldSpec.problem(with:)): any string
        // for a string field, an integer for a number, any list for a list.
        case (.string, .string), (.enumeration, .string), (.phone, .string), (.residentID, .string), (.integer, .number), (.list, .list):
            return nil
        case (.enumeration(let a), .enumeration(let b)):
            let extra = a.filter { !b.contains($0) }
            guard !extra.isEmpty else { return nil }
            return "field \"\(field)\" may be \(extra.map { "\"\($0)\"" }.joined(separator: ", ")) here, which \"\(flow)\" does not accept"
        default:
            return mine == theirs ? nil : "field \"\(field)\" is \(mine) here and \(theirs) in \"\(flow)\""
        }
    }
}
