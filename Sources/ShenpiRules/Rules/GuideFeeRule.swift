import Foundation
import ShenpiExpression
import ShenpiLanguage
import ShenpiSyntax

/// `guide-fee` (warning): the flow charges fees (`fees:`), but its public
/// service guide does not say so — `guide.fee` is not written, so the
/// guide's 收费标准 reads —, or it says the item is free (不收费, 免费, an
/// amount of 0). A fee whose amount is a literal 0 charges nothing. Art. 30 has the fee and its basis made public; a window
/// should not charge what the guide does not show.
public struct GuideFeeRule: Rule {
    public let id = "guide-fee"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        // A fee of a literal 0 charges nothing (工本费 waived, kept on file).
        let charged = c.flow.fees.filter { !Self.isZero($0.amount?.expr) }
        guard let first = charged.first else { return [] }
        let titles = charged.map { "“\($0.title?.value ?? $0.id.value)”" }.joined(separator: "、")
        let message: String
        if let fee = c.flow.guide.fee {
            let free = fee.amount == 0 || (fee.text.map(Self.saysFree) ?? false)
            guard free else { return [] }
            message = "the flow charges \(titles), but guide.fee says the item is free; correct guide.fee, so that the service guide shows what the window charges"
        } else {
            message = "the flow charges \(titles), but guide.fee is not written, so the service guide's 收费标准 reads —; "
                + "write guide.fee with the amounts and their basis (Art. 30 has them public)"
        }
        return [c.diagnostic(id, .warning, message, at: first.id.range)]
    }

    static func isZero(_ e: Expr?) -> Bool {
        switch e?.kind {
        case .integer(0)?: return true
        case .number(let x)?: return x == 0
        default: return false
        }
    }

    /// `不收费`, `免费（依据…）`: the whole text, up to its first bracket or
    /// stop, says free — not `首次申领免费，补领收取工本费 20 元`.
    static func saysFree(_ text: String) -> Bool {
        let head = text.prefix { !"（(；;，,。.".contains($0) }.trimmingCharacters(in: .whitespaces)
        return ["不收费", "免费", "免费办理", "免收费用", "无"].contains(head)
    }
}
