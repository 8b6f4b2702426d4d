import ShenpiCalendar
import ShenpiExpression
import ShenpiMachine

/// A fee of one case (`fees:` in the flow), worked out from its fields: the
/// amount, or why there is none yet (a field not given, a division by zero).
public struct CaseFee: Sendable, Hashable {
    public var id: String
    public var title: String
    public var basis: String?
    /// In yuan, rounded to the fen; `nil` when `unavailable` says why.
    public var amount: Double?
    public var unavailable: String?

    /// `80`, `12.5`, `0.05`: as a notice writes an amount of yuan.
    public var amountText: String? { amount.map(Self.yuan) }

    public static func yuan(_ x: Double) -> String {
        let fen = Int((abs(x) * 100).rounded())
        let whole = (x < 0 && fen > 0 ? "-" : "") + String(fen / 100)
        let rest = fen % 100
        if rest == 0 { return whole }
        return rest % 10 == 0 ? "\(whole).\(rest / 10)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }
}

extension MachineTables {
    /// The flow's fees for a case with these fields and materials, judged on
    /// `day` (what `today()` and `age()` read: the day the case was received).
    public func fees(fields: [String: FieldValue], submitted: MaterialSet, on day: CivilDate) -> [CaseFee] {
        guard !fees.isEmpty else { return [] }
        let context = feeContext(fields: fields, submitted: submitted, on: day)
        return fees.map { fee($0, context) }
    }

    /// One fee by id; `nil` when the flow has no such fee.
    public func fee(_ id: String, fields: [String: FieldValue], submitted: MaterialSet, on day: CivilDate) -> CaseFee? {
        guard let spec = fees.first(where: { $0.id == id }) else { return nil }
        return fee(spec, feeContext(fields: fields, submitted: submitted, on: day))
    }

    private func feeContext(fields: [String: FieldValue], submitted: MaterialSet, on day: CivilDate) -> EvaluationContext {
        let ids = Set(submitted.compactMap { materials.indices.contains($0) ? materials[$0].id : nil })
        return EvaluationContext(fields: fields.mapValues(\.value), submittedMaterials: ids, today: day)
    }

    private func fee(_ spec: FeeSpec, _ context: EvaluationContext) -> CaseFee {
        var fee = CaseFee(id: spec.id, title: spec.title, basis: spec.basis)
        guard let expr = condition(spec.amount) else {
            fee.unavailable = "the amount does not parse"
            return fee
        }
        do throws(EvaluationError) {
            let x: Double
            switch try evaluate(expr, context: context) {
            case .integer(let n): x = Double(n)
            case .number(let n): x = n
            case let v: throw EvaluationError(.typeMismatch, "the amount is \(v.kindName), not a number", range: expr.range)
            }
            guard x.isFinite, abs(x) < 1e13 else { throw EvaluationError(.overflow, "the amount is out of range", range: expr.range) }
            guard x >= 0 else { throw EvaluationError(.typeMismatch, "the amount \(CaseFee.yuan(x)) is negative", range: expr.range) }
            fee.amount = (x * 100).rounded() / 100
        } catch {
            fee.unavailable = error.message
        }
        return fee
    }
}
