import ShenpiLanguage
import ShenpiSyntax

/// `fee-optional-field` (warning): a fee's amount reads a field the
/// applicant may leave out (`required: false`) without `given()` round it.
/// For every case without that field the amount cannot be worked out: the
/// case shows none and its notices say （金额待核定）. Where `given(x)`
/// holds — the first value of `if(given(x), …, …)`, the second of
/// `if(not given(x), …, …)`, the right of `given(x) and …` or
/// `not given(x) or …` — `x` may be read.
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

    /// The fields read where they may be missing, with where: outside the
    /// parts an `if` or a short-circuit `and` / `or` reaches only when
    /// `given(x)` holds.
    static func unguarded(_ e: Expr, guarded: Set<String>) -> [(String, Range<Int>)] {
        switch e.kind {
        case .integer, .number, .string, .boolean: return []
        case .field(let name): return guarded.contains(name) ? [] : [(name, e.range)]
        case .list(let items): return items.flatMap { unguarded($0, guarded: guarded) }
        case .unary(_, let operand): return unguarded(operand, guarded: guarded)
        case .binary(.and, let l, let r): return unguarded(l, guarded: guarded) + unguarded(r, guarded: guarded.union(given(when: true, l)))
        case .binary(.or, let l, let r): return unguarded(l, guarded: guarded) + unguarded(r, guarded: guarded.union(given(when: false, l)))
        case .binary(_, let l, let r): return unguarded(l, guarded: guarded) + unguarded(r, guarded: guarded)
        case .call(let name, let arguments):
            switch name {
            case "given", "has": return []
            case "if" where arguments.count == 3:
                let c = arguments[0]
                return unguarded(c, guarded: guarded) + unguarded(arguments[1], guarded: guarded.union(given(when: true, c)))
                    + unguarded(arguments[2], guarded: guarded.union(given(when: false, c)))
            default: return arguments.flatMap { unguarded($0, guarded: guarded) }
            }
        }
    }

    /// The fields a condition proves given when it is `holds`: `given(x)`
    /// true, `not given(x)` false, through `and` (true) and `or` (false).
    static func given(when holds: Bool, _ c: Expr) -> Set<String> {
        switch c.kind {
        case .call("given", let inner) where inner.count == 1:
            if holds, case .field(let x) = inner[0].kind { return [x] }
            return []
        case .unary(.not, let operand): return given(when: !holds, operand)
        case .binary(.and, let l, let r) where holds: return given(when: true, l).union(given(when: true, r))
        case .binary(.or, let l, let r) where !holds: return given(when: false, l).union(given(when: false, r))
        default: return []
        }
    }
}
