import ShenpiLanguage
import ShenpiSyntax

/// `fee-optional-field` (warning): a fee's amount reads a field the
/// applicant may leave out (`required: false`) without `given()` round it.
/// For every case without that field the amount cannot be worked out: the
/// case shows none and its notices say （金额待核定）. Inside
/// `if(given(x), …, …)` the first value may read `x`.
public struct FeeOptionalFieldRule: Rule {
    public let id = "fee-optional-field"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        let optional = Set(c.flow.fields.filter { !$0.required }.map(\.id.value))
        guard !optional.isEmpty else { return [] }
        var out: [Diagnostic] = []
        for fee in c.flow.fees {
            guard let amount = fee.amount, let expr = amount.expr else { continue }
            for (name, range) in Self.unguarded(expr, guarded: []) where optional.contains(name) {
                out.append(c.diagnostic(id, .warning,
                    "fee \"\(fee.id.value)\" reads the optional field \"\(name)\": a case without it gets no amount (its notices say "
                        + "（金额待核定）); write if(given(\(name)), …, <the amount without it>)",
                    at: amount.range(of: range)))
            }
        }
        return out
    }

    /// The fields read outside the first value of an `if(given(x), …, …)` for that `x`, with where.
    static func unguarded(_ e: Expr, guarded: Set<String>) -> [(String, Range<Int>)] {
        switch e.kind {
        case .integer, .number, .string, .boolean: return []
        case .field(let name): return guarded.contains(name) ? [] : [(name, e.range)]
        case .list(let items): return items.flatMap { unguarded($0, guarded: guarded) }
        case .unary(_, let operand): return unguarded(operand, guarded: guarded)
        case .binary(_, let l, let r): return unguarded(l, guarded: guarded) + unguarded(r, guarded: guarded)
        case .call(let name, let arguments):
            switch name {
            case "given", "has": return []
            case "if" where arguments.count == 3:
                if case .call("given", let inner) = arguments[0].kind, inner.count == 1, case .field(let x) = inner[0].kind {
                    return unguarded(arguments[1], guarded: guarded.union([x])) + unguarded(arguments[2], guarded: guarded)
                }
                return arguments.flatMap { unguarded($0, guarded: guarded) }
            default: return arguments.flatMap { unguarded($0, guarded: guarded) }
            }
        }
    }
}
