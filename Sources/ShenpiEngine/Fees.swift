import Foundation
import ShenpiCalendar
import ShenpiExpression
import ShenpiMachine

/// A fee of one case (`fees:` in the flow), worked out from its fields: the
/// amount, or why there is none yet (a field not given, a division by zero).
public struct CaseFee: Sendable, Hashable {
    public var id: String
    public var title: String
    public var basis: String?
    /// In fen (分); `nil` when `unavailable` says why.
    public var fen: Int?
    public var unavailable: String?

    public init(id: String, title: String, basis: String? = nil, fen: Int? = nil, unavailable: String? = nil) {
        self.id = id
        self.title = title
        self.basis = basis
        self.fen = fen
        self.unavailable = unavailable
    }

    /// In yuan.
    public var amount: Double? { fen.map { Double($0) / 100 } }

    /// `80`, `12.5`, `0.05`: as a notice writes an amount of yuan.
    public var amountText: String? { fen.map(Self.yuan(fen:)) }

    public static func yuan(fen: Int) -> String {
        let whole = (fen < 0 ? "-" : "") + String(abs(fen) / 100)
        let rest = abs(fen) % 100
        if rest == 0 { return whole }
        return rest % 10 == 0 ? "\(whole).\(rest / 10)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// Amounts from 1e13 yuan up are out of range (an application typed wrong).
    public static let fenLimit: UInt = 1_000_000_000_000_000

    /// `x` yuan to the fen, rounding half up on its shortest decimal form,
    /// as a person would (1.005 → 1.01, which binary arithmetic makes 1.00).
    public static func fen(_ x: Double) -> Int? {
        guard x.isFinite, abs(x) < 1e13, var d = Decimal(string: "\(x)") else { return nil }
        var r = Decimal()
        NSDecimalRound(&r, &d, 2, .plain)
        return NSDecimalNumber(decimal: r * 100).intValue
    }
}

extension MachineTables {
    /// The flow's fees for a case with these fields and materials, judged on
    /// `day` (what `today()` and `age()` read: the case's `feeDay`).
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
            let fen: Int?
            switch try evaluate(expr, context: context) {
            case .integer(let n):
                let (f, overflow) = n.multipliedReportingOverflow(by: 100)
                fen = overflow || f.magnitude >= CaseFee.fenLimit ? nil : f
            case .number(let x): fen = CaseFee.fen(x)
            case let v: throw EvaluationError(.typeMismatch, "the amount is \(v.kindName), not a number", range: expr.range)
            }
            guard let fen else { throw EvaluationError(.overflow, "the amount is out of range", range: expr.range) }
            guard fen >= 0 else { throw EvaluationError(.typeMismatch, "the amount \(CaseFee.yuan(fen: fen)) is negative", range: expr.range) }
            fee.fen = fen
        } catch {
            fee.unavailable = error.message
        }
        return fee
    }
}

extension CaseState {
    /// The day a case's fees are judged on (what `today()` and `age()` read
    /// in an amount): its acceptance, before it the receipt of its materials,
    /// and for an application not received yet, `now`. Fixed once accepted,
    /// so a later supplement or the wall clock never moves a fee.
    public func feeDay(now: Instant) -> CivilDate { (acceptedAt ?? receivedAt ?? now).date }
}
